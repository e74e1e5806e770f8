package dev.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known answers from AWS's published Signature V4 examples. */
class SigV4Test {
    @Test
    void s3GetObjectExample() {
        // "Example: GET Object" of the S3 API reference (Authenticating Requests: Using the Authorization Header).
        Credentials c = new Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "test");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("Range", "bytes=0-9");
        h.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        h.put("x-amz-date", "20130524T000000Z");
        String auth = SigV4.authorization(c, "us-east-1", "s3", "GET", "/test.txt", Map.of(), h, SigV4.EMPTY_SHA256,
                Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(auth).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void testSuiteQueryOrderExample() {
        // get-vanilla-query-order-key-case of the AWS Signature V4 test suite.
        Credentials c = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, "test");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "example.amazonaws.com");
        h.put("X-Amz-Date", "20150830T123600Z");
        String auth = SigV4.authorization(c, "us-east-1", "service", "GET", "/", Map.of("Param2", "value2", "Param1", "value1"),
                h, SigV4.EMPTY_SHA256, Instant.parse("2015-08-30T12:36:00Z"));
        assertThat(auth).endsWith("SignedHeaders=host;x-amz-date,Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void encodingKeepsUnreservedAndEscapesTheRest() {
        assertThat(SigV4.encode("a-b_c.d~e/f g+h", false)).isEqualTo("a-b_c.d~e/f%20g%2Bh");
        assertThat(SigV4.encode("a/b", true)).isEqualTo("a%2Fb");
        assertThat(SigV4.encode("ü", true)).isEqualTo("%C3%BC");
    }
}
