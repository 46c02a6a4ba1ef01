package dev.smtptestkit.internal.net;

import dev.smtptestkit.SmtpReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for the file-descriptor test: it runs a receiver, uses up its own descriptors on
 * command (the test starts it under {@code ulimit -n}) and reports the shared acceptor's CPU time
 * and failure counts. Everything it needs later is loaded before the descriptors run out, because
 * loading a class from a directory takes a descriptor too.
 *
 * <p>Commands, one per line on stdin, each answered by one line on stdout: {@code exhaust} (open
 * /dev/null until the limit: "exhausted N"), {@code status} ("status cpuNanos failures episodes"),
 * {@code free} (close them again: "freed"), {@code quit} (close the receiver: "bye").
 */
public final class AcceptorUnderPressure {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static Thread acceptor;

    private AcceptorUnderPressure() {
    }

    /**
     * Runs the child.
     *
     * @param args none
     * @throws Exception on any failure, which ends the child with a stack trace on stderr
     */
    public static void main(String[] args) throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            warmUp(receiver.port());
            System.out.println("port " + receiver.port());
            List<FileChannel> fillers = new ArrayList<>();
            for (String command; (command = commands.readLine()) != null; ) {
                if (command.equals("exhaust")) {
                    System.out.println("exhausted " + exhaust(fillers));
                } else if (command.equals("status")) {
                    System.out.println(status());
                } else if (command.equals("free")) {
                    for (FileChannel f : fillers) {
                        f.close();
                    }
                    fillers.clear();
                    System.out.println("freed");
                } else if (command.equals("quit")) {
                    break;
                } else {
                    System.out.println("unknown " + command);
                }
            }
        }
        System.out.println("bye");
    }

    // One whole session, a status line and a log call: every class the rest needs is loaded.
    private static void warmUp(int port) throws IOException {
        HeapExhaustion.session(port);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("smtp-testkit-acceptor")) {
                acceptor = t;
            }
        }
        if (acceptor == null) {
            throw new IllegalStateException("no smtp-testkit-acceptor thread");
        }
        // the first record that is published sets up the log handlers, which reads a file
        System.getLogger("dev.smtptestkit.internal.net").log(System.Logger.Level.INFO, "child warmed up");
        status();
        List<FileChannel> none = new ArrayList<>();
        none.add(FileChannel.open(Path.of("/dev/null")));
        none.get(0).close();
    }

    private static int exhaust(List<FileChannel> fillers) {
        Path devNull = Path.of("/dev/null");
        while (true) {
            try {
                fillers.add(FileChannel.open(devNull));
            } catch (IOException e) {
                return fillers.size(); // "Too many open files"
            }
        }
    }

    private static String status() {
        return "status " + MX.getThreadCpuTime(acceptor.getId()) + " " + count("failures") + " " + count("episodes");
    }

    // Read reflectively, so the same child also runs against a build without the counts (-1).
    private static long count(String which) {
        try {
            Field field = SharedAcceptor.class.getDeclaredField("ACCEPT_FAILURES");
            Object backoff = field.get(null);
            Method method = backoff.getClass().getDeclaredMethod(which);
            return (Long) method.invoke(backoff);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
