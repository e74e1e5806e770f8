package dev.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.BlobInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListResultTest {
    private static byte[] page(boolean truncated, String token, String... keysAndSizes) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix>p/</Prefix>"
                + "<KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>" + truncated + "</IsTruncated>");
        for (int i = 0; i < keysAndSizes.length; i += 2) {
            b.append("<Contents><Key>").append(keysAndSizes[i]).append("</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>")
                    .append("<ETag>&quot;abc&quot;</ETag><Size>").append(keysAndSizes[i + 1])
                    .append("</Size><Owner><ID>x</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>");
        }
        if (token != null) b.append("<NextContinuationToken>").append(token).append("</NextContinuationToken>");
        return b.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pagesAreReadUntilTheLast() throws Exception {
        List<BlobInfo> out = new ArrayList<>();
        assertThat(ListResult.parse(page(true, "tok/1+=", "p/config", "155", "p/data/ab/x", "16777216"), "p/", out)).isEqualTo("tok/1+=");
        assertThat(ListResult.parse(page(false, null, "p/snapshots/s1", "0"), "p/", out)).isNull();
        assertThat(out).containsExactly(new BlobInfo("config", 155), new BlobInfo("data/ab/x", 16777216), new BlobInfo("snapshots/s1", 0));
    }

    @Test
    void brokenListingsAreErrors() {
        assertThatThrownBy(() -> ListResult.parse(page(true, null, "p/a", "1"), "p/", new ArrayList<>()))
                .hasMessageContaining("continuation token");
        assertThatThrownBy(() -> ListResult.parse("<ListBucketResult><Contents>".getBytes(StandardCharsets.UTF_8), "", new ArrayList<>()))
                .hasMessageContaining("unreadable object listing");
        assertThatThrownBy(() -> ListResult.parse(page(false, null, "p/a", "big"), "p/", new ArrayList<>()))
                .hasMessageContaining("unreadable");
    }
}
