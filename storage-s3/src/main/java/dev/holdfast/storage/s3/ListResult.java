package dev.holdfast.storage.s3;

import dev.holdfast.storage.BlobInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads one page of a ListObjectsV2 answer. */
final class ListResult {
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private ListResult() {}

    /** Adds the page's objects (keys without prefix) to out; returns the continuation token, or null on the last page. */
    static String parse(byte[] body, String prefix, List<BlobInfo> out) throws IOException {
        String token = null, key = null;
        long size = -1;
        boolean truncated = false;
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            boolean inContents = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String n = r.getLocalName();
                    if (depth == 2 && n.equals("Contents")) {
                        inContents = true;
                        key = null;
                        size = -1;
                    } else if (inContents && n.equals("Key")) {
                        key = r.getElementText();
                        depth--;
                    } else if (inContents && n.equals("Size")) {
                        size = Long.parseLong(r.getElementText().strip());
                        depth--;
                    } else if (depth == 2 && n.equals("IsTruncated")) {
                        truncated = Boolean.parseBoolean(r.getElementText().strip());
                        depth--;
                    } else if (depth == 2 && n.equals("NextContinuationToken")) {
                        token = r.getElementText();
                        depth--;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && r.getLocalName().equals("Contents") && key != null && key.startsWith(prefix)) {
                        out.add(new BlobInfo(key.substring(prefix.length()), Math.max(size, 0)));
                        inContents = false;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("unreadable object listing from the S3 server: " + e.getMessage(), e);
        }
        if (truncated && token == null) throw new IOException("the S3 server's listing is truncated but gives no continuation token");
        return truncated ? token : null;
    }
}
