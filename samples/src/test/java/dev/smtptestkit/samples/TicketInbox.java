package dev.smtptestkit.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The code under test of {@link TicketInboxTest}: "your own SMTP-receiving code", a small inbound
 * server that turns mail to {@code support@...} into tickets. Minimal on purpose (one session at a
 * time, no extensions beyond SIZE), as home-grown receivers often are; the test drives it with
 * {@code SmtpSender}.
 */
class TicketInbox implements AutoCloseable {

    /** A ticket made from one email. */
    record Ticket(String from, String subject) {
    }

    static final int MAX_SIZE = 10_000;

    private final ServerSocket server;
    private final Thread thread;
    private final List<Ticket> tickets = new CopyOnWriteArrayList<>();

    TicketInbox() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "ticket-inbox");
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Ticket> tickets() {
        return List.copyOf(tickets);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)),
                        s.getOutputStream());
            } catch (IOException e) {
                // the client went away or the inbox was closed: take the next one
            }
        }
    }

    private void session(BufferedReader in, OutputStream out) throws IOException {
        reply(out, "220 tickets.example ESMTP");
        String from = null;
        int recipients = 0;
        for (String line; (line = in.readLine()) != null; ) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                reply(out, "250-tickets.example\r\n250 SIZE " + MAX_SIZE);
            } else if (upper.startsWith("MAIL FROM:")) {
                from = line.substring(10).replaceAll("[<>]| .*", "");
                recipients = 0;
                reply(out, "250 2.1.0 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                if (upper.startsWith("RCPT TO:<SUPPORT@")) {
                    recipients++;
                    reply(out, "250 2.1.5 OK");
                } else {
                    reply(out, "550 5.1.1 Only support@ takes mail here");
                }
            } else if (upper.equals("DATA") && recipients > 0) {
                reply(out, "354 Go ahead");
                String subject = "(no subject)";
                boolean headers = true;
                for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                    if (l.isEmpty()) {
                        headers = false;
                    } else if (headers && l.regionMatches(true, 0, "Subject:", 0, 8)) {
                        subject = l.substring(8).strip();
                    }
                }
                tickets.add(new Ticket(from, subject));
                reply(out, "250 2.0.0 Ticket #" + tickets.size() + " queued as T" + tickets.size());
            } else if (upper.equals("DATA")) {
                reply(out, "554 5.5.1 No valid recipients");
            } else if (upper.equals("RSET")) {
                from = null;
                recipients = 0;
                reply(out, "250 2.0.0 OK");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "502 5.5.2 Not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
