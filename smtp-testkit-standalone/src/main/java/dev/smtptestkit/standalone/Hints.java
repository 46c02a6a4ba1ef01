package dev.smtptestkit.standalone;

import dev.smtptestkit.TlsMode;
import java.nio.file.Path;

/**
 * What the runner prints under its start line: how TLS and AUTH are set up, where the CA
 * certificate is, and a curl line that works against it as configured.
 */
final class Hints {

    private Hints() {
    }

    /** The lines after "started", each starting with a line break; {@code smtpsPort} -1 for none. */
    static String started(String host, int port, int smtpsPort, Options options, Path caPem) {
        StringBuilder text = new StringBuilder();
        boolean tls = options.tls != TlsMode.NONE;
        boolean auth = options.auth || options.requireAuth || !options.users.isEmpty();
        if (tls) {
            text.append("\n  TLS: ").append(options.tls == TlsMode.STARTTLS ? "STARTTLS (RFC 3207)" : "implicit TLS (RFC 8314)")
                    .append(options.requireTls ? ", required" : "")
                    .append("; CA certificate (PEM): ").append(caPem);
        }
        if (smtpsPort >= 0) {
            text.append("\n  SMTPS: implicit TLS (RFC 8314) on ").append(host).append(':').append(smtpsPort);
        }
        if (auth) {
            text.append("\n  AUTH: ").append(options.users.isEmpty() ? "any login" : options.users.size()
                    + (options.users.size() == 1 ? " user" : " users")).append(options.requireAuth ? ", required" : "");
        }
        String scheme = options.tls == TlsMode.IMPLICIT ? "smtps://" : "smtp://";
        text.append("\n  try: curl ").append(scheme).append(host).append(':').append(port);
        if (options.tls == TlsMode.STARTTLS) {
            text.append(" --ssl-reqd");
        }
        if (tls) {
            text.append(" --cacert ").append(caPem);
        }
        if (auth) {
            // the user's own name, never a configured password
            String name = options.users.isEmpty() ? "user" : options.users.keySet().iterator().next();
            text.append(" --user ").append(Console.line(name)).append(":PASSWORD");
        }
        text.append(" --mail-from a@example.com --mail-rcpt b@example.com -T mail.txt");
        return text.append("\n  stop with Ctrl-C").toString();
    }
}
