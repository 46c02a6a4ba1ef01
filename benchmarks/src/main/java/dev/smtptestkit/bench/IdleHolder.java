package dev.smtptestkit.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that holds idle sessions: it opens {@code count} connections to a port, reads
 * each greeting and sends EHLO, prints {@code READY <held> <refused> <first error>}, then keeps the
 * connections until its standard input closes. A separate process, so the client sockets do not
 * count against the benchmark JVM's open-file limit. After five refusals in a row it stops trying
 * (Dumbster serves one session at a time; waiting out every timeout would take hours).
 */
public final class IdleHolder {

    private IdleHolder() {
    }

    /**
     * Entry point.
     *
     * @param args port, count, timeout in milliseconds
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int timeout = Integer.parseInt(args[2]);
        List<SmtpClient> held = new ArrayList<>(count);
        int refused = 0;
        int inARow = 0;
        String firstError = "-";
        for (int i = 0; i < count && inARow < 5; i++) {
            try {
                held.add(SmtpClient.open(port, timeout));
                inARow = 0;
            } catch (IOException e) {
                refused++;
                inARow++;
                if ("-".equals(firstError)) {
                    firstError = "session " + (i + 1) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
        }
        System.out.println("READY " + held.size() + " " + refused + " " + firstError.replace('\n', ' '));
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until the parent closes our input
        }
        for (SmtpClient c : held) {
            c.close();
        }
    }
}
