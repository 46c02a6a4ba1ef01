package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.internal.auth.AuthConfig;
import dev.smtptestkit.internal.content.Content;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The SMTP engine of one session. It takes one step at a time (a command line, a run of message
 * octets, a timeout, a shutdown) and answers with an {@link Outcome}. Each verb is decided by its
 * own unit ({@link HelloVerb}, {@link MailVerb}, {@link RcptVerb}, {@link DataVerb},
 * {@link BdatVerb}, {@link SimpleVerbs}); this class parses, applies the rules that span verbs
 * (pipelining, junk commands), asks the {@link Script}, commits the state change and shapes the
 * reply. It never touches a socket, a thread or a clock, so every protocol rule can be tested as
 * a dialogue.
 *
 * <p>Why this class is about 500 lines: it is the engine's one entry point, with one public method
 * per step the connection can take (a command, message octets, an AUTH line, the TLS handshake, a
 * timeout, a shutdown, a refusal, ...), each a few lines that hand over to a unit and to
 * its private {@code finish}; the decisions themselves live in the per-verb units.
 */
public final class Session {

    /** Where the dialogue stands. */
    public enum State {
        /** Greeting sent; no EHLO or HELO yet. */
        GREETED,
        /** EHLO or HELO done, no transaction. */
        READY,
        /** MAIL accepted. */
        MAIL,
        /** At least one RCPT accepted. */
        RCPT,
        /** Reading DATA content. */
        DATA,
        /** A BDAT transaction is in progress (reading a chunk or between chunks). */
        BDAT,
        /** QUIT answered or the connection ended. */
        CLOSED
    }

    /** What the session expects next (the same as the last outcome's effect says). */
    public enum Mode {
        /** Command lines ending in CRLF. */
        COMMAND,
        /** DATA content up to CRLF.CRLF, fed to {@link #data}. */
        DATA,
        /** Exactly {@link #chunkRemaining()} octets of a BDAT chunk, fed to {@link #data}. */
        CHUNK,
        /** One line of an AUTH exchange (RFC 4954 4), fed to {@link #authLine}. */
        AUTH,
        /** Nothing more: close. */
        CLOSED
    }

    /**
     * An accepted message: its envelope and the octets after dot-unstuffing, in the blocks they
     * were received into.
     *
     * @param id       the id given in the 250 reply
     * @param envelope the envelope
     * @param content  the message octets
     */
    public record Delivery(String id, Envelope envelope, Content content) {
    }

    // A command line that runs this many times past the limit without a CRLF ends the session.
    private static final int GARBAGE_FACTOR = 64;

    private final SessionState s;
    private final Script script;
    private boolean syncError;
    // RFC 2920: whether the last command had more input behind it, and whether its batch had a refusal
    private boolean previousMore;
    private boolean batchRefused;

    /**
     * Starts a session without a script; the connection sends {@link #greet()} first.
     *
     * @param config        limits and switches
     * @param sessionId     the id recorded in envelopes, violations and reply ids
     * @param clientAddress the peer, recorded in the envelope
     */
    public Session(SessionConfig config, String sessionId, InetSocketAddress clientAddress) {
        this(config, sessionId, clientAddress, Script.NONE);
    }

    /**
     * Starts a session whose outcomes a script reviews.
     *
     * @param config        limits and switches
     * @param sessionId     the id recorded in envelopes, violations and reply ids
     * @param clientAddress the peer, recorded in the envelope
     * @param script        reviews each outcome between deciding and applying
     */
    public Session(SessionConfig config, String sessionId, InetSocketAddress clientAddress, Script script) {
        this(config, sessionId, clientAddress, script, () -> "<0.0@" + config.serverName() + ">");
    }

    /**
     * Starts a session whose outcomes a script reviews, with CRAM-MD5 challenges from outside
     * (the engine has no clock and no randomness of its own).
     *
     * @param config        limits and switches
     * @param sessionId     the id recorded in envelopes, violations and reply ids
     * @param clientAddress the peer, recorded in the envelope
     * @param script        reviews each outcome between deciding and applying
     * @param challenges    a fresh CRAM-MD5 challenge (RFC 2195 2) per call
     */
    public Session(SessionConfig config, String sessionId, InetSocketAddress clientAddress, Script script,
                   Supplier<String> challenges) {
        this.s = new SessionState(config, sessionId, clientAddress, challenges);
        this.script = script;
    }

    /** Where the dialogue stands. */
    public State state() {
        return s.state;
    }

    /** What the session expects next. */
    public Mode mode() {
        return s.mode;
    }

    /** Octets of the current BDAT chunk still to be fed to {@link #data} (mode {@link Mode#CHUNK}). */
    public long chunkRemaining() {
        return s.chunkRemaining;
    }

    /** The id this session was started with. */
    public String sessionId() {
        return s.sessionId;
    }

    /** How many octets of a command line without CRLF are discarded before {@link #garbage} ends the session. */
    public long garbageLimit() {
        return (long) GARBAGE_FACTOR * s.config.maxCommandLine();
    }

    /**
     * The longest line the session takes now, CRLF included: a command line (RFC 5321 4.5.3.1.4),
     * or a line of an AUTH exchange (RFC 4954 4: 12288 octets).
     */
    public int maxLineLength() {
        return s.mode == Mode.AUTH ? AuthConfig.MAX_LINE_LENGTH : s.config.maxCommandLine();
    }

    /** Whether the connection is encrypted (implicit TLS, or after STARTTLS). */
    public boolean tlsActive() {
        return s.tlsActive;
    }

    /**
     * One line of an AUTH exchange (RFC 4954 4), while {@link #mode()} is {@link Mode#AUTH}.
     *
     * @param line the octets without the CRLF
     * @param off  where the line starts
     * @param len  its length
     */
    public Outcome authLine(byte[] line, int off, int len) {
        if (s.mode != Mode.AUTH) {
            throw new IllegalStateException("authLine() called in mode " + s.mode);
        }
        String text = new String(line, off, len, StandardCharsets.ISO_8859_1); // base64 or "*": ASCII
        String recorded = Secrets.maskAuthLine(text);
        return finish(AuthVerb.line(text, recorded, s), Script.Point.AUTH_LINE, null, recorded, recorded, 0);
    }

    /**
     * The TLS handshake completed (RFC 3207 4.2): the session starts over, as if just greeted, and
     * forgets EHLO, the transaction and any AUTH; for implicit TLS (RFC 8314) this comes before the greeting.
     *
     * @param details what was negotiated
     */
    public Outcome tlsStarted(TlsDetails details) {
        s.resetTransaction();
        s.tlsActive = true;
        s.tlsDetails = details;
        s.extended = false;
        s.heloName = "";
        s.authenticated = null;
        s.resetAuth();
        s.mode = Mode.COMMAND;
        if (s.state != State.CLOSED) {
            s.state = State.GREETED;
        }
        return finish(Decision.pending(Effect.NONE).effect(Effect.NONE), Script.Point.TLS_HANDSHAKE, null, null, null, 0);
    }

    /**
     * The TLS handshake failed (garbage instead of a ClientHello, no common protocol, the client
     * refused the certificate): nothing can be said in the clear any more, the session ends.
     *
     * @param cause a one-line description of the alert or cause, for the record
     */
    public Outcome tlsFailed(String cause) {
        return internal(Decision.pending(Effect.close(DisconnectReason.TLS_FAILED, cause)), null);
    }

    /**
     * The client did not complete the TLS handshake within the idle timeout: the session ends.
     *
     * @param millis the timeout, for the record
     */
    public Outcome tlsTimedOut(long millis) {
        return internal(Decision.pending(Effect.close(DisconnectReason.IDLE_TIMEOUT,
                "no TLS handshake within " + millis + " ms")), null);
    }

    /** What TLS negotiated, or null while the connection is in the clear. */
    public TlsDetails tlsDetails() {
        return s.tlsDetails;
    }

    /** Who is logged in (RFC 4954), or null: nobody, or a STARTTLS forgot the login (RFC 3207 4.2). */
    public AuthDetails authDetails() {
        return s.authenticated;
    }

    /** The 220 greeting that opens the session (RFC 5321 4.3.1). */
    public Outcome greet() {
        return finish(Decision.reply(Replies.greeting(s.config.serverName())), Script.Point.GREETING, null, null, null, 0);
    }

    /** One command line given as text (without CRLF), with no input behind it. */
    public Outcome command(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return command(bytes, 0, bytes.length, false);
    }

    /**
     * Answers one command line.
     *
     * @param line      the octets without the CRLF
     * @param off       where the line starts in {@code line}
     * @param len       the length of the line
     * @param moreInput whether the client had already sent more octets after this line, before
     *                  it could have read the reply (RFC 2920 3.1)
     */
    public Outcome command(byte[] line, int off, int len, boolean moreInput) {
        if (s.mode != Mode.COMMAND) {
            throw new IllegalStateException("command() called in mode " + s.mode);
        }
        // RFC 2920 3.1: a command sent behind a refused one, before its reply, could not be held back
        if (!previousMore) {
            batchRefused = false;
        }
        s.followsRefusal = batchRefused;
        previousMore = moreInput;
        String text = CommandParser.decode(line, off, len);
        if (text == null) {
            // recorded as the client sent it, invalid UTF-8 replaced (U+FFFD), control octets kept for escaping
            String raw = new String(line, off, len, StandardCharsets.UTF_8);
            Decision d = Decision.reply(Replies.invalidBytes()).violation(s, Rule.INVALID_COMMAND_OCTETS, raw);
            return commandOutcome(d, null, raw);
        }
        if (text.isEmpty()) {
            return commandOutcome(Decision.reply(Replies.emptyCommand()).violation(s, Rule.EMPTY_COMMAND, "(empty line)"),
                    null, text);
        }
        Command command = CommandParser.parse(text);
        String recorded = Secrets.mask(command, text);
        if (syncError) {
            // Strict mode: the command came before the reply it had to wait for (RFC 2920 3.1).
            // QUIT is still honoured: it MUST get 221 and a close (RFC 5321 4.1.1.10).
            syncError = false;
            if (!(command instanceof Command.Quit)) {
                return commandOutcome(Decision.reply(Replies.synchronizationError()), command, recorded);
            }
        }
        if (s.junkCommands >= s.config.maxJunkCommands() && !(command instanceof Command.Quit)) {
            Decision d = Decision.reply(Replies.tooManyJunkCommands())
                    .violation(s, Rule.TOO_MANY_JUNK_COMMANDS, recorded)
                    .effect(Effect.close(DisconnectReason.LIMIT_EXCEEDED,
                            "more than " + s.config.maxJunkCommands() + " commands without a mail transaction"));
            return commandOutcome(d, command, recorded);
        }
        boolean wasInTransaction = s.inTransaction();
        boolean first = s.state == State.GREETED;
        // the BDAT that starts a message: the script may cut its octets (counted across its chunks)
        boolean firstChunk = command instanceof Command.Bdat && s.state != State.BDAT;
        Decision decision = dispatch(command, recorded);
        // without PIPELINING (HELO, or no EHLO yet) every command must wait for its reply
        if (moreInput && (!s.offers(Extension.PIPELINING) || command.endsPipelinedGroup())) {
            decision.violation(s, Rule.COMMAND_BEFORE_REPLY, recorded);
            syncError = s.config.rejectViolations() && !(command instanceof Command.Quit)
                    && decision.effect == Effect.NONE;
        }
        Outcome outcome = firstChunk ? firstChunk(decision, command, recorded)
                : commandOutcome(decision, command, recorded);
        boolean opened = command instanceof Command.Mail && !outcome.refuses();
        if (!wasInTransaction && !opened && !(command instanceof Command.Quit)
                && !(first && (command instanceof Command.Ehlo || command instanceof Command.Helo))) {
            s.junkCommands++; // RFC 5321 7.8: a client that never starts a transaction is cut off
        }
        if (s.mode == Mode.CHUNK && s.chunkRemaining == 0) {
            // BDAT 0: the chunk is complete already, so the reply comes at once
            DataPhase.Step end = DataPhase.endOfChunk(0, s);
            end.decision().violations.addAll(0, outcome.violations());
            return finish(end.decision(), end.point(), null, recorded, recorded, 0);
        }
        return outcome;
    }

    private Outcome commandOutcome(Decision decision, Command command, String recorded) {
        Outcome outcome = finish(decision, Script.Point.COMMAND, command, recorded,
                decision.reply == null ? null : recorded, 0);
        if (outcome.refuses()) {
            batchRefused = true;
        }
        return outcome;
    }

    // RFC 3030 2: the reply to BDAT comes after its chunk, so the script is asked here only about
    // a cut of the message's octets; a refused BDAT starts no message and is not cut.
    private Outcome firstChunk(Decision decision, Command command, String recorded) {
        Outcome outcome = finish(decision, Script.Point.FIRST_CHUNK, command, recorded, null, 0);
        if (outcome.effect() instanceof Effect.CutData cut && s.chunkRefusal != null) {
            outcome = new Outcome(outcome.reply(), cut.read(), outcome.violations(), outcome.delivery(),
                    outcome.clientLine(), outcome.answered(), outcome.consumed(), false, outcome.delay());
        }
        return outcome;
    }

    private Decision dispatch(Command command, String line) {
        if (command instanceof Command.Ehlo c) {
            return HelloVerb.decide(c.domain(), true, s);
        } else if (command instanceof Command.Helo c) {
            return HelloVerb.decide(c.domain(), false, s);
        } else if (command instanceof Command.Mail c) {
            return MailVerb.decide(c, line, s);
        } else if (command instanceof Command.Rcpt c) {
            return RcptVerb.decide(c, line, s);
        } else if (command instanceof Command.Data c) {
            return DataVerb.decide(c, line, s);
        } else if (command instanceof Command.Bdat c) {
            return BdatVerb.decide(c, line, s);
        } else if (command instanceof Command.Rset) {
            return SimpleVerbs.rset(s);
        } else if (command instanceof Command.Noop) {
            return SimpleVerbs.noop();
        } else if (command instanceof Command.Quit) {
            return SimpleVerbs.quit(s);
        } else if (command instanceof Command.Vrfy) {
            return SimpleVerbs.vrfy();
        } else if (command instanceof Command.Expn) {
            return SimpleVerbs.expn();
        } else if (command instanceof Command.Help) {
            return SimpleVerbs.help();
        } else if (command instanceof Command.StartTls c) {
            return StartTlsVerb.decide(c, line, s);
        } else if (command instanceof Command.Auth c) {
            return AuthVerb.decide(c, line, s);
        } else if (command instanceof Command.NotImplemented c) {
            return SimpleVerbs.notImplemented(c);
        } else if (command instanceof Command.Invalid c) {
            return SimpleVerbs.invalid(c, line, s);
        } else {
            return SimpleVerbs.unknown(line, s);
        }
    }

    /**
     * Consumes message octets while {@link #mode()} is {@link Mode#DATA} or {@link Mode#CHUNK}.
     *
     * @param in  the buffer
     * @param off where the octets start
     * @param len how many octets are available; fewer may be consumed (the end of data or chunk)
     * @return an outcome with {@code consumed} set; its reply is null until the end of data or of the chunk
     */
    public Outcome data(byte[] in, int off, int len) {
        boolean chunk = s.mode == Mode.CHUNK;
        DataPhase.Step step = DataPhase.data(in, off, len, s);
        if (step.point() == null) {
            return new Outcome(null, step.decision().effect, List.of(), null, null, null, step.consumed(), false,
                    Duration.ZERO);
        }
        // the reply to BDAT answers its command line (RFC 3030 2); the final dot of DATA answers none
        return finish(step.decision(), step.point(), null, "<" + step.octets() + " bytes>",
                chunk ? s.chunkCommand : null, step.consumed());
    }

    /**
     * A command line over the limit (RFC 5321 4.5.3.1.4), once its CRLF has arrived.
     *
     * @param start the beginning of the line, for the record
     */
    public Outcome lineTooLong(String start) {
        if (s.mode == Mode.AUTH) {
            // RFC 4954 4: a response line over the limit ends the exchange with 500 5.5.6
            s.resetAuth();
            s.mode = Mode.COMMAND;
            return finish(Decision.reply(Replies.authLineTooLong(AuthConfig.MAX_LINE_LENGTH)),
                    Script.Point.AUTH_LINE, null, Secrets.MASK, Secrets.MASK, 0);
        }
        Decision d = Decision.reply(Replies.lineTooLong(s.config.maxCommandLine()))
                .violation(s, Rule.COMMAND_LINE_TOO_LONG, start);
        s.junkCommands++;
        return finish(d, Script.Point.COMMAND, null, start, start, 0);
    }

    /**
     * A command line that ran {@link #garbageLimit()} octets without a CRLF: the session ends.
     *
     * @param start the beginning of the line, for the record
     */
    public Outcome garbage(String start) {
        Decision d = Decision.reply(Replies.tooMuchGarbage()).violation(s, Rule.COMMAND_LINE_TOO_LONG, start)
                .effect(Effect.close(DisconnectReason.LIMIT_EXCEEDED,
                        "more than " + garbageLimit() + " octets without a line end"));
        return internal(d, start);
    }

    /**
     * The client sent nothing for the idle timeout (RFC 5321 4.5.3.2): 421 and close.
     *
     * @param millis the timeout, for the record
     */
    public Outcome idleTimeout(long millis) {
        String what = s.mode == Mode.COMMAND ? "no complete command within " : "no message data within ";
        return internal(Decision.reply(Replies.idleTimeout())
                .effect(Effect.close(DisconnectReason.IDLE_TIMEOUT, what + millis + " ms")), null);
    }

    /**
     * The client read no reply for the idle timeout: the connection is closed, nothing can be said.
     *
     * @param millis the timeout, for the record
     */
    public Outcome replyNotRead(long millis) {
        return internal(Decision.pending(Effect.close(DisconnectReason.IDLE_TIMEOUT,
                "the client read no reply for " + millis + " ms")), null);
    }

    /**
     * The receiver's delivery handler did not store an accepted message: the reply refuses it
     * instead ({@code 452 4.3.1}, as Postfix answers on a full disk; {@code 451 4.3.0} for any
     * other failure), and it is not recorded.
     *
     * @param accepted  the outcome that accepted the message
     * @param noStorage whether storage ran out (otherwise the handler failed)
     * @return the outcome to apply instead
     */
    public Outcome notStored(Outcome accepted, boolean noStorage) {
        Reply refusal = s.adapt(noStorage ? Replies.insufficientStorage() : Replies.localError());
        return new Outcome(refusal, accepted.effect(), accepted.violations(), null, accepted.clientLine(),
                accepted.answered(), accepted.consumed(), accepted.scripted(), accepted.delay());
    }

    /**
     * The octets of the 421 for a client the receiver cannot even start a session for (no
     * thread could be had): RFC 5321 3.8, no enhanced code before EHLO (RFC 2034 3). Rendered
     * once, so the shared acceptor can send it when the heap is what ran out.
     *
     * @return the reply as sent
     */
    public static byte[] cannotStartWire() {
        return Replies.cannotStartSession().withoutEnhancedCode().wire().getBytes(StandardCharsets.US_ASCII);
    }

    /** The client closed the connection without QUIT: nothing to answer. */
    public Outcome clientClosed() {
        return internal(Decision.pending(Effect.close(DisconnectReason.CLIENT_CLOSED, "")), null);
    }

    /** The receiver stops: 421 and close (RFC 5321 3.8). */
    public Outcome shutdown() {
        return internal(Decision.reply(Replies.shuttingDown()).effect(Effect.close(DisconnectReason.SERVER_STOPPED, "")),
                null);
    }

    /**
     * The receiver cannot take this session (RFC 5321 3.8): 421 instead of the greeting, then close.
     *
     * @param closing     whether the receiver is closing (otherwise it is at its session limit)
     * @param maxSessions the session limit, for the reply
     */
    public Outcome refuse(boolean closing, int maxSessions) {
        Decision d = closing
                ? Decision.reply(Replies.shuttingDown()).effect(Effect.close(DisconnectReason.SERVER_STOPPED, ""))
                : Decision.reply(Replies.tooManySessions(maxSessions)).effect(Effect.close(
                        DisconnectReason.LIMIT_EXCEEDED, "more than " + maxSessions + " concurrent sessions"));
        return internal(d, null);
    }

    // A step the receiver takes on its own: no script, the state change applied at once.
    private Outcome internal(Decision d, String clientLine) {
        d.accept.run();
        if (d.effect instanceof Effect.Close) {
            closed();
        }
        return new Outcome(s.adapt(d.reply), d.effect, d.violations, null, clientLine, null, 0, false, Duration.ZERO);
    }

    // Between deciding and applying: the script reviews, then the state change that the final
    // reply calls for is committed, and the reply is shaped for the session.
    private Outcome finish(Decision d, Script.Point point, Command command, String clientLine, String answered,
                           int consumed) {
        Outcome decided = new Outcome(d.reply, d.effect, d.violations, d.delivery, clientLine, answered, consumed,
                false, Duration.ZERO);
        boolean ask = d.reply != null || d.effect instanceof Effect.Close || point == Script.Point.TLS_HANDSHAKE
                || point == Script.Point.FIRST_CHUNK;
        Outcome reviewed = !ask ? decided
                : script.review(new Script.Step(point, command, clientLine, s.sessionId, d.delivery), decided);
        if (reviewed.refuses()) {
            d.refuse.run();
            if (!decided.refuses() && reviewed.effect() == decided.effect()) {
                // a scripted refusal of DATA or BDAT: no data follows a refused command
                reviewed = reviewed.withScriptedEffect(Effect.NONE);
                s.mode = Mode.COMMAND;
            }
        } else {
            d.accept.run();
        }
        if (reviewed.effect() instanceof Effect.Close) {
            closed();
        }
        if (reviewed.reply() != null) {
            Reply shaped = s.adapt(reviewed.reply());
            if (shaped != reviewed.reply()) {
                reviewed = new Outcome(shaped, reviewed.effect(), reviewed.violations(), reviewed.delivery(),
                        reviewed.clientLine(), reviewed.answered(), reviewed.consumed(), reviewed.scripted(),
                        reviewed.delay());
            }
        }
        return reviewed;
    }

    /** Marks the session closed when the connection ends for any reason. */
    public void closed() {
        s.resetTransaction();
        s.state = State.CLOSED;
        s.mode = Mode.CLOSED;
    }
}
