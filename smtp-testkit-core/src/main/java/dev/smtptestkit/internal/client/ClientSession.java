package dev.smtptestkit.internal.client;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Failure;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.protocol.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection: connect (implicit TLS), greeting, EHLO (HELO fallback), STARTTLS, AUTH,
 * one {@link MailTransaction} per message, QUIT. Every problem becomes a {@link Failure} in the
 * results; nothing is thrown to the caller.
 */
public final class ClientSession {

    private static final AtomicLong IDS = new AtomicLong();
    /** The client's transcript keeps at most this many lines (the rest are counted). */
    private static final int MAX_RECORDED_LINES = 10_000;

    private final SenderConfig config;
    private final String id = "sender-" + IDS.incrementAndGet();
    private Wire wire;
    private Capabilities caps = Capabilities.NONE;
    private boolean tlsActive;

    private ClientSession(SenderConfig config) {
        this.config = config;
    }

    /**
     * Delivers the messages over one connection.
     *
     * @param config the sender's settings
     * @param emails the messages, in order
     * @return one result per message, in order
     */
    public static List<DeliveryResult> deliver(SenderConfig config, List<OutgoingEmail> emails) {
        return deliver(config, emails, null);
    }

    /**
     * Delivers the messages over one connection, which {@code stops} can end early.
     *
     * @param config the sender's settings
     * @param emails the messages, in order
     * @param stops  the owner's running deliveries, or null
     * @return one result per message, in order
     */
    public static List<DeliveryResult> deliver(SenderConfig config, List<OutgoingEmail> emails, Stops stops) {
        return new ClientSession(config).run(emails, stops);
    }

    private List<DeliveryResult> run(List<OutgoingEmail> emails, Stops stops) {
        List<MailTransaction.Result> results = new ArrayList<>();
        try (Socket raw = new Socket(); Deadline deadline = new Deadline(config.deliveryTimeout().toMillis(), raw)) {
            wire = new Wire(config.target(), config.replyTimeout(), config.deliveryTimeout(), deadline,
                    MAX_RECORDED_LINES);
            if (stops != null) {
                stops.started(deadline);
            }
            try {
                deliverAll(raw, emails, results);
            } finally {
                if (stops != null) {
                    stops.ended(deadline);
                }
            }
        } catch (IOException e) {
            // closing the socket failed: the results are complete already
        }
        Transcript transcript = wire.transcript(id);
        return results.stream().map(r -> r.toResult(transcript)).toList();
    }

    private void deliverAll(Socket raw, List<OutgoingEmail> emails, List<MailTransaction.Result> results) {
        Failure lost = null;
        try {
            open(raw);
        } catch (Abort a) {
            lost = a.failure();
            if (a.connectionUsable()) {
                quit();
            }
        }
        for (OutgoingEmail email : emails) {
            if (lost != null) {
                results.add(MailTransaction.Result.notAttempted(email, lost));
                continue;
            }
            MailTransaction.Result r = new MailTransaction(wire, caps, config, email).run();
            results.add(r);
            if (!r.connectionUsable()) {
                lost = r.failure().orElseThrow();
            }
        }
        if (lost == null) {
            quit();
        }
    }

    private void open(Socket raw) throws Abort {
        try {
            raw.connect(new InetSocketAddress(config.host(), config.port()),
                    (int) Math.max(1, config.connectTimeout().toMillis()));
            wire.attach(raw);
        } catch (SocketTimeoutException e) {
            throw Abort.lost(Stage.CONNECT, Kind.TIMEOUT, "Cannot connect to " + config.target()
                    + " within the connect timeout of " + config.connectTimeout().toMillis() + " ms");
        } catch (UnknownHostException e) {
            throw Abort.lost(Stage.CONNECT, Kind.CONNECT_FAILED, "Cannot connect to " + config.target()
                    + ": unknown host " + config.host());
        } catch (IOException e) {
            if (wire.stopped()) {
                throw wire.stoppedAbort(Stage.CONNECT, "while connecting");
            }
            throw Abort.lost(Stage.CONNECT, Kind.CONNECT_FAILED, "Cannot connect to " + config.target() + ": "
                    + e.getMessage());
        }
        if (config.tls() == TlsMode.IMPLICIT) {
            handshake(raw, Stage.CONNECT); // RFC 8314 3.3: TLS first, then the greeting
        }
        Reply greeting = wire.reply(Stage.GREETING, "the greeting");
        if (greeting.code() != 220) {
            // RFC 5321 3.1: a 554 greeting means no service here; the client should QUIT
            throw Abort.refused(Stage.GREETING, greeting, "The server at " + config.target() + " refused the session");
        }
        hello();
        if (config.tls() == TlsMode.STARTTLS) {
            startTls(raw);
        }
        if (config.login().isPresent()) {
            login(config.login().get());
        }
    }

    private void hello() throws Abort {
        wire.command(Stage.EHLO, "EHLO " + config.heloName());
        Reply ehlo = wire.reply(Stage.EHLO, "EHLO");
        if (ehlo.code() == 250) {
            caps = Capabilities.of(ehlo);
            return;
        }
        if (ehlo.code() < 500) {
            throw Abort.refused(Stage.EHLO, ehlo, "The server at " + config.target() + " refused EHLO");
        }
        // RFC 5321 3.2 and 4.1.4: a server that does not know EHLO answers 5xx; fall back to HELO
        wire.command(Stage.EHLO, "HELO " + config.heloName());
        Reply helo = wire.reply(Stage.EHLO, "HELO");
        if (helo.code() != 250) {
            throw Abort.refused(Stage.EHLO, helo, "The server at " + config.target() + " refused EHLO and HELO");
        }
        caps = Capabilities.NONE;
    }

    private void startTls(Socket raw) throws Abort {
        if (!caps.has("STARTTLS")) {
            if (config.requireTls()) {
                throw Abort.local(Stage.STARTTLS, "The server at " + config.target() + " does not offer STARTTLS "
                        + "(its EHLO lists " + caps.describe() + "), and requireTls(true) forbids sending in plain "
                        + "text. Use requireTls(false) to send without TLS where it is not offered");
            }
            return; // opportunistic: go on in plain text
        }
        wire.command(Stage.STARTTLS, "STARTTLS");
        Reply reply = wire.reply(Stage.STARTTLS, "STARTTLS");
        if (reply.code() != 220) {
            if (config.requireTls() || reply.code() == 421) {
                throw Abort.refused(Stage.STARTTLS, reply, "The server at " + config.target() + " refused STARTTLS");
            }
            return; // RFC 3207 4: after a refusal the client may go on without TLS
        }
        handshake(raw, Stage.STARTTLS);
        // RFC 3207 4.2: forget what the server said before TLS and greet it again
        caps = Capabilities.NONE;
        hello();
    }

    private void handshake(Socket raw, Stage stage) throws Abort {
        try {
            SSLSocket tls = (SSLSocket) config.sslContext().getSocketFactory()
                    .createSocket(raw, config.host(), config.port(), true);
            tls.setUseClientMode(true);
            if (config.verifyHostname()) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name check, as RFC 8314 4.1 asks
                tls.setSSLParameters(parameters);
            }
            tls.setSoTimeout((int) Math.max(1, Math.min(config.replyTimeout().toMillis(), Integer.MAX_VALUE)));
            tls.startHandshake();
            wire.attach(tls);
            tlsActive = true;
        } catch (IOException e) {
            if (wire.stopped()) {
                throw wire.stoppedAbort(stage, "during the TLS handshake");
            }
            throw handshakeFailed(stage, e);
        }
    }

    private Abort handshakeFailed(Stage stage, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return Abort.lost(stage, Kind.TIMEOUT, "The TLS handshake with " + config.target() + " did not finish "
                    + "within the reply timeout of " + config.replyTimeout().toMillis() + " ms");
        }
        if (e instanceof SSLException) {
            return Abort.lost(stage, Kind.TLS_FAILED, "The TLS handshake with " + config.target() + " failed: "
                    + e.getMessage());
        }
        return Abort.lost(stage, Kind.DROPPED, "The connection to " + config.target() + " broke during the "
                + "TLS handshake: " + e);
    }

    private void login(SenderConfig.Login login) throws Abort {
        AuthMechanism mechanism = login.mechanism();
        if (!caps.has("AUTH")) {
            throw Abort.local(Stage.AUTH, "The server at " + config.target() + " does not offer AUTH (its EHLO lists "
                    + caps.describe() + "), so the login as " + login.user() + " cannot be made"
                    + (tlsActive ? "" : "; many servers offer AUTH only after STARTTLS: use tls(TlsMode.STARTTLS)"));
        }
        if (!caps.authMechanisms().contains(mechanism.saslName())) {
            throw Abort.local(Stage.AUTH, "The server at " + config.target() + " offers AUTH "
                    + String.join(" ", caps.authMechanisms()) + " but not " + mechanism.saslName()
                    + ": log in with one of those");
        }
        Reply reply = switch (mechanism) {
            case PLAIN -> {
                // RFC 4954 4: the initial response on the command line
                wire.command(Stage.AUTH, "AUTH PLAIN " + Sasl.plain(login.user(), login.secret()));
                yield wire.reply(Stage.AUTH, "AUTH");
            }
            case LOGIN -> {
                wire.command(Stage.AUTH, "AUTH LOGIN");
                Reply r = wire.reply(Stage.AUTH, "AUTH");
                if (r.code() == 334) {
                    wire.authLine(Sasl.base64(login.user()));
                    r = wire.reply(Stage.AUTH, "AUTH");
                    if (r.code() == 334) {
                        wire.authLine(Sasl.base64(login.secret()));
                        r = wire.reply(Stage.AUTH, "AUTH");
                    }
                }
                yield r;
            }
            case CRAM_MD5 -> {
                wire.command(Stage.AUTH, "AUTH CRAM-MD5");
                Reply r = wire.reply(Stage.AUTH, "AUTH");
                if (r.code() == 334) {
                    String answer;
                    try {
                        answer = Sasl.cramMd5(login.user(), login.secret(), r.lines().get(0));
                    } catch (IllegalArgumentException e) {
                        answer = "*"; // RFC 4954 4: a challenge we cannot decode: cancel
                    }
                    wire.authLine(answer);
                    r = wire.reply(Stage.AUTH, "AUTH");
                }
                yield r;
            }
            case XOAUTH2 -> {
                wire.command(Stage.AUTH, "AUTH XOAUTH2 " + Sasl.xoauth2(login.user(), login.secret()));
                Reply r = wire.reply(Stage.AUTH, "AUTH");
                if (r.code() == 334) {
                    wire.authLine(""); // the error challenge is answered with an empty line, then 535 follows
                    r = wire.reply(Stage.AUTH, "AUTH");
                }
                yield r;
            }
        };
        if (reply.code() == 334) {
            wire.authLine("*"); // an exchange longer than the mechanism has: cancel it (RFC 4954 4)
            reply = wire.reply(Stage.AUTH, "AUTH");
        }
        if (reply.code() != 235) {
            throw Abort.refused(Stage.AUTH, reply, "The server at " + config.target() + " refused the login as "
                    + login.user() + " with " + mechanism.saslName());
        }
    }

    private void quit() {
        try {
            wire.command(Stage.CONTENT, "QUIT");
            wire.reply(Stage.CONTENT, "QUIT");
        } catch (Abort ignored) {
            // RFC 5321 4.1.1.10: every message already has its result; a lost 221 changes none
        }
    }

    @Override
    public String toString() {
        return "ClientSession{" + id + " to " + config.target() + "}";
    }
}
