package dev.smtptestkit.standalone;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import dev.smtptestkit.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The {@code --relay...} options turned into the receiver's relay (public API only). */
final class RelayOptions {

    private RelayOptions() {
    }

    static void apply(Options o, SmtpReceiver.Builder builder) throws IOException {
        if (o.relayHost == null) {
            return;
        }
        SmtpSender.Builder sender = SmtpSender.to(o.relayHost, o.relayPort);
        switch (o.relayTls) {
            case "starttls" -> sender.tls(TlsMode.STARTTLS);
            case "starttls-optional" -> sender.tls(TlsMode.STARTTLS).requireTls(false);
            case "implicit" -> sender.tls(TlsMode.IMPLICIT);
            default -> { }
        }
        if (o.relayTrust != null) {
            sender.sslContext(trusting(o));
        }
        if (o.relayUser != null) {
            AuthMechanism mechanism = switch (o.relayAuth) {
                case "LOGIN" -> AuthMechanism.LOGIN;
                case "CRAM-MD5" -> AuthMechanism.CRAM_MD5;
                case "XOAUTH2" -> AuthMechanism.XOAUTH2;
                default -> AuthMechanism.PLAIN;
            };
            sender.login(mechanism, o.relayUser, o.relayPassword);
        }
        SmtpSender built = sender.build();
        if (o.relayAllow == null) {
            if (!built.isLoopbackTarget()) {
                throw new IllegalArgumentException("--relay " + built.target() + " is not a loopback address: give "
                        + "--relay-allow PATTERN (for example '.*@example\\.test') so that only those recipients "
                        + "get mail.");
            }
            builder.relay(built);
        } else {
            try {
                builder.relay(built, Pattern.compile(o.relayAllow));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Option --relay-allow needs a regular expression: "
                        + Console.line(e.getDescription()) + " in '" + Console.line(o.relayAllow) + "'.");
            }
        }
    }

    private static SSLContext trusting(Options o) throws IOException {
        try (InputStream in = Files.newInputStream(o.relayTrust)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("--relay-trust " + o.relayTrust + " holds no PEM certificate.");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--relay-trust " + o.relayTrust + " cannot be read as PEM certificates: "
                    + e.getMessage());
        }
    }
}
