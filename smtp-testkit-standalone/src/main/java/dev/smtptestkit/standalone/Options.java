package dev.smtptestkit.standalone;

import dev.smtptestkit.internal.script.ScriptFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

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
            "  --dump-dir DIR           write each email as DIR/<n>.eml (raw bytes) and its envelope as DIR/<n>.json",
            "  --max-message-size SIZE  largest message accepted, e.g. 10485760, 10MB or 64MiB (default 64MiB)",
            "  --max-recipients N       recipients per message (default 1000)",
            "  --max-sessions N         concurrent sessions (default 2000)",
            "  --idle-timeout DURATION  e.g. 60s, 5m or 500ms (default 60s)",
            "  --server-name NAME       name in the greeting and EHLO reply (default localhost)",
            "  --script FILE            scripted replies and faults, one rule a line (see the README), e.g.",
            "                           rcpt bob@example.com reply 550 5.1.1 No such user",
            "  --strict                 refuse protocol violations instead of only reporting them",
            "  --quiet                  do not print each command, only connections, emails and violations",
            "  --help                   print this help and exit",
            "",
            "Stop with Ctrl-C.");

    String host = "127.0.0.1";
    int port = 2525;
    Path dumpDir;
    Path script;
    long maxMessageSize = 64L * 1024 * 1024;
    int maxRecipients = 1000;
    int maxSessions = 2000;
    Duration idleTimeout = Duration.ofSeconds(60);
    String serverName = "localhost";
    boolean strict;
    boolean quiet;
    boolean help;

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
                case "--strict" -> o.strict = true;
                case "--quiet" -> o.quiet = true;
                case "--host" -> o.host = value != null ? value : next(args, ++i, arg);
                case "--port" -> o.port = integer(value != null ? value : next(args, ++i, arg), arg, 0, 65535);
                case "--script" -> o.script = Path.of(value != null ? value : next(args, ++i, arg));
                case "--dump-dir" -> o.dumpDir = Path.of(value != null ? value : next(args, ++i, arg));
                case "--max-message-size" -> o.maxMessageSize = size(value != null ? value : next(args, ++i, arg));
                case "--max-recipients" -> o.maxRecipients = integer(value != null ? value : next(args, ++i, arg), arg, 1,
                        Integer.MAX_VALUE);
                case "--max-sessions" -> o.maxSessions = integer(value != null ? value : next(args, ++i, arg), arg, 1,
                        Integer.MAX_VALUE);
                case "--idle-timeout" -> o.idleTimeout = duration(value != null ? value : next(args, ++i, arg));
                case "--server-name" -> o.serverName = value != null ? value : next(args, ++i, arg);
                default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'. See --help.");
            }
        }
        return o;
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
        try {
            return Math.multiplyExact(Long.parseLong(t), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--max-message-size needs a size such as 10485760, 10MB or 64MiB, was '"
                    + text + "'.");
        }
    }

    static Duration duration(String text) {
        try {
            return ScriptFile.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--idle-timeout needs a duration such as 60s, 5m or 500ms, was '"
                    + text + "'.");
        }
    }
}
