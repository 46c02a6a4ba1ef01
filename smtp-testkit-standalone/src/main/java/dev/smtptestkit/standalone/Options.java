package dev.smtptestkit.standalone;

import dev.smtptestkit.Durations;
import dev.smtptestkit.TlsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The command line of the standalone runner, parsed. */
final class Options {

    static final String USAGE = String.join("\n",
            "Usage: java -jar smtp-testkit-standalone.jar [options]",
            "",
            "Runs an SMTP receiver that prints every event and a summary of every email it receives.",
            "",
            "Options:",
            "  --host HOST              address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
            "  --port PORT              port to listen on (default 2525; 0 for a free ephemeral port)",
            "  --dump-dir DIR           write each email as DIR/<n>.eml (raw bytes) and its envelope as DIR/<n>.json;",
            "                           DIR is created if missing (its parent must exist); an email that cannot be",
            "                           written (disk full, read-only) is answered 452 4.3.1 and leaves no file;",
            "                           each email is written (and forced to disk) before the client is told 250",
            "  --keep N                 with --dump-dir, how many emails to keep in memory (default 100)",
            "  --max-message-size SIZE  largest message accepted, e.g. 10485760, 10MB or 64MiB (default 64MiB)",
            "  --max-recipients N       recipients per message (default 1000)",
            "  --max-sessions N         concurrent sessions (default 2000)",
            "  --idle-timeout DURATION  e.g. 60s, 5m, 500ms, PT1M; a bare number is milliseconds (default 60s)",
            "  --server-name NAME       name in the greeting and EHLO reply (default localhost)",
            "  --reject-violations      refuse input that breaks a rule instead of only reporting it",
            "  --script FILE            scripted replies and faults, one rule a line (see the README), e.g.",
            "                           rcpt bob@example.com reply 550 5.1.1 No such user",
            "  --tls MODE               starttls (RFC 3207, upgrade after EHLO) or implicit (RFC 8314 SMTPS, TLS",
            "                           from the first byte); the certificate is generated at start and its CA",
            "                           is written as a PEM file whose path is printed (curl --cacert FILE)",
            "  --require-tls            with --tls: refuse MAIL and AUTH before TLS (530 5.7.0)",
            "  --smtps-port PORT        with --tls starttls: implicit TLS (RFC 8314) on a second port too",
            "                           (0 for a free one); one mailbox for both",
            "  --auth                   offer AUTH (PLAIN, LOGIN, CRAM-MD5, XOAUTH2) and accept any login",
            "  --user NAME:PASSWORD     accept only this login (repeat for more users); turns AUTH on",
            "  --require-auth           refuse MAIL before a login (530 5.7.0); turns AUTH on (any login",
            "                           unless --user is given)",
            "  --quiet                  do not print each command, only connections, emails and violations",
            "  --version                print the version and exit",
            "  --http-port PORT         serve the web page and the HTTP API on PORT (0 for a free one; the URL is",
            "                           printed); off unless given",
            "  --http-host HOST         address for the web page and API (default 127.0.0.1)",
            "  --relay HOST:PORT        forward every accepted email to that SMTP server (result printed with it)",
            "  --relay-allow PATTERN    only recipients matching this regular expression (whole address) are",
            "                           relayed; required unless the relay target is a loopback address",
            "  --relay-tls MODE         none (default), starttls (required), starttls-optional or implicit",
            "  --relay-trust PEMFILE    trust these CA certificates (PEM) for the relay's TLS instead of the JVM's",
            "  --relay-user USER        log in to the relay target as USER",
            "  --relay-password SECRET  the password (or XOAUTH2 token) for --relay-user",
            "  --relay-auth MECHANISM   PLAIN (default), LOGIN, CRAM-MD5 or XOAUTH2",
            "  --help                   print this help and exit",
            "",
            "The console is printed off the reply path, by one thread from a bounded queue: a reply never waits",
            "for the console. If the console falls 10,000 events behind, further events are not printed (the",
            "count is; the mailbox, the dump and the HTTP view still have everything). The dump is not queued.",
            "",
            "Stop with Ctrl-C. Exit status: 2 for a bad command line, 1 when the receiver cannot start.");

    String host = "127.0.0.1";
    int port = 2525;
    Path dumpDir;
    int keep = 100;
    Path script;
    long maxMessageSize = 64L * 1024 * 1024;
    int maxRecipients = 1000;
    int maxSessions = 2000;
    Duration idleTimeout = Duration.ofSeconds(60);
    String serverName = "localhost";
    boolean rejectViolations;
    boolean quiet;
    boolean help;
    boolean version;
    Integer httpPort; // null: no web page and API
    String httpHost = "127.0.0.1";
    TlsMode tls = TlsMode.NONE;
    boolean requireTls;
    int smtpsPort = -1; // -1: no second port
    boolean auth;
    boolean requireAuth;
    final Map<String, String> users = new LinkedHashMap<>();
    String relayHost; // null: no relay
    int relayPort;
    String relayAllow;
    String relayTls = "none";
    Path relayTrust;
    String relayUser;
    String relayPassword;
    String relayAuth = "PLAIN";

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> o.help = true;
                case "--version" -> o.version = true;
                case "--reject-violations" -> o.rejectViolations = true;
                case "--quiet" -> o.quiet = true;
                case "--host" -> o.host = value != null ? value : next(args, ++i, arg);
                case "--port" -> o.port = integer(value != null ? value : next(args, ++i, arg), arg, 0, 65535);
                case "--script" -> o.script = Path.of(value != null ? value : next(args, ++i, arg));
                case "--dump-dir" -> o.dumpDir = Path.of(value != null ? value : next(args, ++i, arg));
                case "--keep" -> o.keep = integer(value != null ? value : next(args, ++i, arg), arg, 1, Integer.MAX_VALUE);
                case "--max-message-size" -> o.maxMessageSize = size(value != null ? value : next(args, ++i, arg));
                case "--max-recipients" -> o.maxRecipients = integer(value != null ? value : next(args, ++i, arg), arg, 1,
                        Integer.MAX_VALUE);
                case "--max-sessions" -> o.maxSessions = integer(value != null ? value : next(args, ++i, arg), arg, 1,
                        Integer.MAX_VALUE);
                case "--idle-timeout" -> o.idleTimeout = duration(value != null ? value : next(args, ++i, arg));
                case "--server-name" -> o.serverName = hostName(value != null ? value : next(args, ++i, arg));
                case "--http-port" -> o.httpPort = integer(value != null ? value : next(args, ++i, arg), arg, 0, 65535);
                case "--http-host" -> o.httpHost = value != null ? value : next(args, ++i, arg);
                case "--tls" -> o.tls = tlsMode(value != null ? value : next(args, ++i, arg));
                case "--require-tls" -> o.requireTls = true;
                case "--smtps-port" -> o.smtpsPort = integer(value != null ? value : next(args, ++i, arg), arg, 0, 65535);
                case "--auth" -> o.auth = true;
                case "--require-auth" -> o.requireAuth = true;
                case "--user" -> o.user(value != null ? value : next(args, ++i, arg));
                case "--relay" -> o.relay(value != null ? value : next(args, ++i, arg));
                case "--relay-allow" -> o.relayAllow = value != null ? value : next(args, ++i, arg);
                case "--relay-tls" -> o.relayTls = oneOf(value != null ? value : next(args, ++i, arg), arg,
                        "none", "starttls", "starttls-optional", "implicit");
                case "--relay-trust" -> o.relayTrust = Path.of(value != null ? value : next(args, ++i, arg));
                case "--relay-user" -> o.relayUser = value != null ? value : next(args, ++i, arg);
                case "--relay-password" -> o.relayPassword = value != null ? value : next(args, ++i, arg);
                case "--relay-auth" -> o.relayAuth = oneOf(value != null ? value : next(args, ++i, arg), arg,
                        "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2");
                default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'. See --help.");
            }
        }
        if ((o.relayUser == null) != (o.relayPassword == null)) {
            throw new IllegalArgumentException("Options --relay-user and --relay-password go together: give both "
                    + "or neither.");
        }
        if (o.relayHost == null && (o.relayAllow != null || o.relayUser != null || o.relayTrust != null
                || !o.relayTls.equals("none"))) {
            throw new IllegalArgumentException("The --relay-... options need --relay HOST:PORT.");
        }
        if (o.requireTls && o.tls == TlsMode.NONE) {
            throw new IllegalArgumentException("Option --require-tls needs TLS: add --tls starttls or --tls implicit.");
        }
        if (o.smtpsPort >= 0 && o.tls != TlsMode.STARTTLS) {
            throw new IllegalArgumentException("Option --smtps-port adds implicit TLS next to STARTTLS: add --tls "
                    + "starttls (with --tls implicit, the one port already speaks TLS from the first byte).");
        }
        return o;
    }

    private static TlsMode tlsMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "starttls" -> TlsMode.STARTTLS;
            case "implicit" -> TlsMode.IMPLICIT;
            default -> throw new IllegalArgumentException("Option --tls needs starttls or implicit, was '"
                    + Console.line(text) + "'.");
        };
    }

    // NAME:PASSWORD split at the first colon (a password may hold colons, as in RFC 7617 2). The
    // value is not repeated in the message: it may be a password typed without its name.
    private void user(String entry) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Option --user needs NAME:PASSWORD (a user name, a colon, the"
                    + " password), for example --user alice:s3cret.");
        }
        String name = entry.substring(0, colon);
        if (users.put(name, entry.substring(colon + 1)) != null) {
            throw new IllegalArgumentException("Option --user names '" + Console.line(name)
                    + "' twice. Give each user name once.");
        }
    }

    private void relay(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("Option --relay needs HOST:PORT, such as 127.0.0.1:2526, was '"
                    + Console.line(target) + "'.");
        }
        String h = target.substring(0, colon);
        relayHost = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        relayPort = integer(target.substring(colon + 1), "--relay port", 1, 65535);
    }

    private static String oneOf(String text, String option, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Option " + option + " must be one of " + String.join(", ", allowed)
                + ", was '" + Console.line(text) + "'.");
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Option " + option + " needs a value. See --help.");
        }
        return args[i];
    }

    private static int integer(String text, String option, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException("Option " + option + " must be between " + min + " and " + max
                        + ", was " + text + ".");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + option + " needs a number, was '" + text + "'.");
        }
    }

    static long size(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long factor = 1;
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
            {"MB", "1000000"}, {"GB", "1000000000"}, {"B", "1"}};
        for (String[] unit : units) {
            if (t.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                t = t.substring(0, t.length() - unit[0].length()).strip();
                break;
            }
        }
        long size;
        try {
            size = Math.multiplyExact(Long.parseLong(t), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--max-message-size needs a size such as 10485760, 10MB or 64MiB, was '"
                    + text + "'.");
        }
        if (size < 1 || size > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("Option --max-message-size must be between 1 and " + MAX_MESSAGE_SIZE
                    + " octets (2 GiB), was '" + text + "'.");
        }
        return size;
    }

    // The receiver's limit (SmtpReceiver.Builder.maxMessageSize): a message is held in one Java array index range.
    private static final long MAX_MESSAGE_SIZE = Integer.MAX_VALUE - 16;

    private static String hostName(String text) {
        if (text.isBlank() || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("Option --server-name needs a host name without spaces or control "
                    + "characters, was '" + Console.line(text) + "'.");
        }
        return text;
    }

    // One reading of a duration for the runner and @SmtpServer: a bare number is milliseconds.
    static Duration duration(String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Option --idle-timeout: " + Console.line(e.getMessage()) + ".");
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("Option --idle-timeout must be positive, was '" + text + "'.");
        }
        return d;
    }
}
