package dev.smtptestkit.standalone;

import dev.smtptestkit.SmtpReceiver;
import java.io.IOException;
import java.io.PrintStream;

/** Starts the runner in-process for tests in other packages (Main.start is package-private). */
public final class InProcess {

    private InProcess() {
    }

    /** Parses {@code args} as the command line does and starts the runner, printing to {@code out}. */
    public static SmtpReceiver start(PrintStream out, String... args) throws IOException {
        return Main.start(Options.parse(args), out);
    }
}
