package dev.holdfast.rest;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether the server's certificate is the right one. With a pinned fingerprint the
 * server's own certificate must have it, and nothing else is checked (it is usually self-signed,
 * for a name the client may not use); otherwise the system's trusted authorities and the usual
 * host name check decide. Why the last certificate was refused is kept for the error message,
 * which the JDK's handshake exception does not carry in a form fit for users.
 */
public final class RestTls extends X509ExtendedTrustManager {
    private final String pin;
    private final X509ExtendedTrustManager system;
    private volatile String refusal;

    /** @param pin the canonical fingerprint ({@link Fingerprint#parse}) to require, or null */
    public RestTls(String pin) throws GeneralSecurityException {
        this.pin = pin;
        this.system = pin == null ? systemTrust() : null;
    }

    /** A TLS context that checks server certificates this way. */
    public SSLContext context() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {this}, null);
        return ctx;
    }

    /** Why the last server certificate was refused, or null if none was. */
    public String refusal() {
        return refusal;
    }

    private void check(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
            throws CertificateException {
        if (chain == null || chain.length == 0) throw refuse("the server sent no certificate");
        String seen = Fingerprint.of(chain[0]);
        if (pin != null) {
            if (!pin.equals(seen)) {
                throw refuse("the server's TLS certificate has fingerprint " + seen + ", not the pinned "
                        + pin + " (-o rest.fingerprint); refusing to connect. If the server's certificate"
                        + " was replaced on purpose, pin the fingerprint that holdfast serve prints");
            }
            return;
        }
        try {
            if (engine != null) system.checkServerTrusted(chain, authType, engine);
            else if (socket != null) system.checkServerTrusted(chain, authType, socket);
            else system.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            String why = String.valueOf(e.getMessage()).startsWith("PKIX path building failed")
                    ? "no authority this machine trusts signed it" : e.getMessage();
            throw refuse("the server's TLS certificate (" + seen + ") is not trusted: " + why
                    + ". For a self-signed certificate, check that this is the fingerprint holdfast serve"
                    + " printed and pin it: -o rest.fingerprint=" + seen);
        }
    }

    private CertificateException refuse(String why) {
        refusal = why;
        return new CertificateException(why);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, engine, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, null, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, null, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return system == null ? new X509Certificate[0] : system.getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) return x;
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
