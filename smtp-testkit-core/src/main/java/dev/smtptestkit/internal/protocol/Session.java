package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.content.Content;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP state machine of one session: it takes one command line or a run of message octets at
 * a time and answers with a {@link Result}. It never touches a socket, a thread or a clock, so
 * every protocol rule can be tested as a dialogue.
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

    /** How the connection must frame the next octets. */
    public enum Mode {
        /** Command lines ending in CRLF. */
        COMMAND,
        /** DATA content up to CRLF.CRLF, fed to {@link #data}. */
        DATA,
        /** Exactly {@link #chunkRemaining()} octets of a BDAT chunk, fed to {@link #data}. */
        CHUNK,
        /** Nothing more: close. */
        CLOSED
    }

    /**
     * What the session answers.
     *
     * @param reply      the reply to write, or null when more message octets are needed
     * @param consumed   octets consumed by {@link #data}; 0 for commands
     * @param delivery   the accepted message, or null
     * @param violations rules the client broke in this step
     * @param close      non-null when the connection must close after the reply, and why
     */
    public record Result(Reply reply, int consumed, Delivery delivery, List<ProtocolViolation> violations,
                         DisconnectReason close) {
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

    private final SessionConfig config;
    private final String sessionId;
    private final InetSocketAddress clientAddress;

    private State state = State.GREETED;
    private Mode mode = Mode.COMMAND;
    private boolean extended;
    private String heloName = "";
    private int delivered;
    private boolean syncError;

    // The transaction (RFC 5321 3.3), cleared by RSET, EHLO, HELO and completion.
    private Transaction transaction;
    private MessageSink sink;
    private DotDecoder decoder;
    private long chunkRemaining;
    private boolean chunkLast;
    private Reply chunkError;
    private String chunkCommand;

    private List<ProtocolViolation> violations = new ArrayList<>();

    /**
     * Starts a session; the connection sends {@link #greeting()} first.
     *
     * @param config        limits and switches
     * @param sessionId     the id recorded in envelopes, violations and reply ids
     * @param clientAddress the peer, recorded in the envelope
     */
    public Session(SessionConfig config, String sessionId, InetSocketAddress clientAddress) {
        this.config = config;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
    }

    /** Where the dialogue stands. */
    public State state() {
        return state;
    }

    /** How the connection must frame the next octets. */
    public Mode mode() {
        return mode;
    }

    /** Octets of the current BDAT chunk still to be fed to {@link #data} (mode {@link Mode#CHUNK}). */
    public long chunkRemaining() {
        return chunkRemaining;
    }

    /** The id this session was started with. */
    public String sessionId() {
        return sessionId;
    }

    /** The 220 greeting (RFC 5321 4.3.1). */
    public Reply greeting() {
        return Replies.greeting(config.serverName());
    }

    /** A reply the connection sends on its own (timeouts, shutdown), shaped for this session. */
    public Reply adapt(Reply reply) {
        return extended ? reply : reply.withoutEnhancedCode();
    }

    /** One command line given as text (without CRLF), with no input behind it. */
    public Result command(String line) {
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
    public Result command(byte[] line, int off, int len, boolean moreInput) {
        if (mode != Mode.COMMAND) {
            throw new IllegalStateException("command() called in mode " + mode);
        }
        String text = CommandParser.decode(line, off, len);
        if (text == null) {
            violation(Rule.REJECTED_COMMAND, new String(line, off, len, StandardCharsets.ISO_8859_1));
            return finish(Replies.invalidBytes(), null, null);
        }
        if (text.isEmpty()) {
            violation(Rule.REJECTED_COMMAND, "(empty line)");
            return finish(Replies.emptyCommand(), null, null);
        }
        Command command = CommandParser.parse(text);
        if (syncError) {
            // Strict mode: the command came before the reply it had to wait for (RFC 2920 3.1).
            // QUIT is still honoured: it MUST get 221 and a close (RFC 5321 4.1.1.10).
            syncError = false;
            if (!(command instanceof Command.Quit)) {
                return finish(Replies.synchronizationError(), null, null);
            }
        }
        int noted = violations.size();
        Result result = dispatch(command, text);
        // a step may already have named the rule this line broke (553 UTF-8, strict space before path)
        boolean named = violations.size() > noted;
        // without PIPELINING (HELO, or no EHLO yet) every command must wait for its reply
        if (moreInput && (!extended || command.endsPipelinedGroup())) {
            violation(Rule.COMMAND_BEFORE_REPLY, text);
            syncError = config.strict() && state != State.CLOSED && mode == Mode.COMMAND;
        }
        if (result.reply() != null && result.reply().code() >= 500 && result.reply().code() != 552
                && result.reply().code() != 502) {
            if (!named) {
                violation(command instanceof Command.Unknown ? Rule.UNKNOWN_COMMAND : Rule.REJECTED_COMMAND, text);
            }
        }
        return withViolations(result);
    }

    /**
     * The reply for a command line that exceeded the limit (RFC 5321 4.5.3.1.4).
     *
     * @param start the beginning of the line, for the violation record
     */
    public Result lineTooLong(String start) {
        violation(Rule.REJECTED_COMMAND, start);
        return finish(Replies.lineTooLong(config.maxCommandLine()), null, null);
    }

    private Result dispatch(Command command, String text) {
        if (command instanceof Command.Ehlo c) {
            return hello(c.domain(), true);
        } else if (command instanceof Command.Helo c) {
            return hello(c.domain(), false);
        } else if (command instanceof Command.Mail c) {
            return mail(c, text);
        } else if (command instanceof Command.Rcpt c) {
            return rcpt(c, text);
        } else if (command instanceof Command.Data) {
            return data();
        } else if (command instanceof Command.Bdat c) {
            return bdat(c, text);
        } else if (command instanceof Command.Rset) {
            resetTransaction();
            return reply(Replies.ok());
        } else if (command instanceof Command.Noop) {
            return reply(Replies.ok());
        } else if (command instanceof Command.Quit) {
            resetTransaction();
            state = State.CLOSED;
            mode = Mode.CLOSED;
            return finish(Replies.closing(config.serverName()), null, DisconnectReason.QUIT);
        } else if (command instanceof Command.Vrfy) {
            return reply(Replies.vrfy());
        } else if (command instanceof Command.Expn) {
            return reply(Replies.expnNotImplemented());
        } else if (command instanceof Command.Help) {
            return reply(Replies.help());
        } else if (command instanceof Command.NotImplemented c) {
            return reply(Replies.notImplemented(c.verb()));
        } else if (command instanceof Command.Invalid c) {
            if (c.verb().equals("RCPT") && (state == State.MAIL || state == State.RCPT)) {
                transaction.rejectRecipient(); // RFC 5321 3.3: a later DATA then gets 554 "no valid recipients"
            }
            return reply(c.reply());
        } else {
            return reply(Replies.unknownCommand());
        }
    }

    private Result hello(String name, boolean ehlo) {
        // RFC 5321 4.1.4: EHLO/HELO in the middle of a session resets it like RSET.
        resetTransaction();
        extended = ehlo;
        heloName = name;
        state = State.READY;
        if (!ehlo) {
            return reply(Replies.helo(config.serverName(), name));
        }
        return reply(Replies.ehlo(config.serverName(), name, List.of(
                "SIZE " + config.maxMessageSize(), // RFC 1870
                "8BITMIME",                         // RFC 6152
                "PIPELINING",                       // RFC 2920
                "SMTPUTF8",                         // RFC 6531
                "ENHANCEDSTATUSCODES",              // RFC 2034
                "CHUNKING",                         // RFC 3030
                "DSN")));                           // RFC 3461
    }

    // One guard for the ordering rules shared by MAIL, RCPT, DATA and BDAT (RFC 5321 4.1.4, RFC 3030 2).
    private Reply orderError(Command command) {
        if (state == State.GREETED) {
            return Replies.badSequence("send EHLO or HELO first");
        }
        boolean inTransaction = state == State.MAIL || state == State.RCPT || state == State.BDAT;
        if (command instanceof Command.Mail) {
            return inTransaction ? Replies.badSequence("nested MAIL command (send RSET first)") : null;
        }
        if (!inTransaction) {
            return Replies.badSequence("send MAIL first");
        }
        if (command instanceof Command.Rcpt) {
            return state == State.BDAT ? Replies.badSequence("RCPT after BDAT") : null;
        }
        if (command instanceof Command.Data && state == State.BDAT) {
            return Replies.badSequence("DATA cannot follow BDAT in one transaction (RFC 3030)");
        }
        if (transaction.recipientCount() == 0) {
            return transaction.allRecipientsRejected() ? Replies.noValidRecipients()
                    : Replies.badSequence("send RCPT first");
        }
        return null;
    }

    private Result mail(Command.Mail c, String text) {
        Reply order = orderError(c);
        if (order != null) {
            return reply(order);
        }
        Reply bad = Parameters.checkMail(c.parameters(), extended, config.maxMessageSize());
        if (bad != null) {
            return reply(bad);
        }
        if (c.path().nonAscii() && !c.parameters().containsKey("SMTPUTF8")) {
            violation(Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, text);
            return reply(Replies.utf8NotAllowed());
        }
        if (c.spaceBeforePath()) {
            violation(Rule.SPACE_BEFORE_PATH, text);
            if (config.strict()) {
                return reply(Replies.badSenderSyntax("no space allowed after FROM: (RFC 5321 4.1.1.2)"));
            }
        }
        transaction = new Transaction(c.path().mailbox(), c.parameters());
        state = State.MAIL;
        return reply(Replies.senderOk());
    }

    private Result rcpt(Command.Rcpt c, String text) {
        Reply order = orderError(c);
        if (order != null) {
            return reply(order);
        }
        Reply bad = Parameters.checkRcpt(c.parameters(), extended);
        if (bad == null && c.path().nonAscii() && !transaction.smtputf8()) {
            violation(Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, text);
            bad = Replies.utf8NotAllowed();
        }
        if (bad == null && c.spaceBeforePath()) {
            violation(Rule.SPACE_BEFORE_PATH, text);
            if (config.strict()) {
                bad = Replies.badRecipientSyntax("no space allowed after TO: (RFC 5321 4.1.1.3)");
            }
        }
        if (bad == null && transaction.recipientCount() >= config.maxRecipients()) {
            bad = Replies.tooManyRecipients(config.maxRecipients());
        }
        if (bad != null) {
            transaction.rejectRecipient();
            return reply(bad);
        }
        transaction.addRecipient(c.path().mailbox(), c.parameters());
        state = State.RCPT;
        return reply(Replies.recipientOk());
    }

    private Result data() {
        Reply order = orderError(new Command.Data());
        if (order != null) {
            return reply(order);
        }
        state = State.DATA;
        mode = Mode.DATA;
        sink = new MessageSink(config.maxMessageSize(), transaction.declaredSize());
        decoder = new DotDecoder();
        return reply(Replies.startData());
    }

    // RFC 3030 2: the chunk's octets follow the command and are read whatever the answer is, so
    // a refused BDAT never makes its content look like commands.
    private Result bdat(Command.Bdat c, String text) {
        Reply error = extended ? orderError(c) : Replies.badSequence("BDAT requires EHLO (CHUNKING)");
        chunkError = error;
        chunkCommand = text;
        chunkRemaining = c.size();
        chunkLast = c.last();
        if (error == null) {
            if (state != State.BDAT) {
                sink = new MessageSink(config.maxMessageSize(), transaction.declaredSize());
            }
            state = State.BDAT;
        }
        mode = Mode.CHUNK;
        if (chunkRemaining == 0) {
            return endOfChunk(0);
        }
        return new Result(null, 0, null, List.of(), null);
    }

    /**
     * Consumes message octets in DATA or CHUNK mode.
     *
     * @param in  the buffer
     * @param off where the octets start
     * @param len how many octets are available; fewer may be consumed (the end of data or chunk)
     * @return a result with {@code consumed} set; its reply is null until the end of data or of the chunk
     */
    public Result data(byte[] in, int off, int len) {
        if (mode == Mode.DATA) {
            int r = decoder.feed(in, off, len, sink);
            if (r >= 0) {
                return new Result(null, r, null, List.of(), null);
            }
            mode = Mode.COMMAND;
            return withViolations(complete(-1 - r));
        }
        if (mode == Mode.CHUNK) {
            int n = (int) Math.min(len, chunkRemaining);
            if (chunkError == null) {
                sink.write(in, off, n);
            }
            chunkRemaining -= n;
            if (chunkRemaining > 0) {
                return new Result(null, n, null, List.of(), null);
            }
            return withViolations(endOfChunk(n));
        }
        throw new IllegalStateException("data() called in mode " + mode);
    }

    private Result endOfChunk(int consumed) {
        mode = Mode.COMMAND;
        if (chunkError != null) {
            Reply error = chunkError;
            chunkError = null;
            violation(Rule.REJECTED_COMMAND, chunkCommand); // answered only now, after its chunk
            return new Result(adapt(error), consumed, null, List.of(), null);
        }
        if (sink.overflow()) {
            resetTransaction();
            return new Result(adapt(Replies.messageTooBig(config.maxMessageSize())), consumed, null, List.of(), null);
        }
        if (!chunkLast) {
            return new Result(adapt(Replies.chunkAccepted(sink.total())), consumed, null, List.of(), null);
        }
        return complete(consumed);
    }

    // End of DATA or of BDAT LAST: record the message (or refuse it) and end the transaction.
    private Result complete(int consumed) {
        MessageSink message = sink;
        message.finish();
        Reply reply;
        Delivery delivery = null;
        if (message.overflow()) {
            reply = Replies.messageTooBig(config.maxMessageSize());
        } else {
            List<Rule> broken = lint(message);
            if (config.strict() && !broken.isEmpty()) {
                reply = Replies.rejected(broken.get(0).description() + " (" + broken.get(0).reference() + ")");
            } else {
                delivered++;
                String id = sessionId + "." + delivered;
                Envelope envelope = transaction.envelope(heloName, extended, sessionId, clientAddress);
                delivery = new Delivery(id, envelope, message.content());
                reply = Replies.messageAccepted(id);
            }
        }
        resetTransaction();
        return new Result(adapt(reply), consumed, delivery, List.of(), null);
    }

    // Records every rule the message broke (ProtocolViolation.Rule) and returns them.
    private List<Rule> lint(MessageSink message) {
        List<Rule> broken = new ArrayList<>();
        for (HeaderLint.Finding finding : message.findings(transaction.eightBitDeclared(), transaction.smtputf8())) {
            broken.add(finding.rule());
            violation(finding.rule(), finding.line());
        }
        return broken;
    }

    private void resetTransaction() {
        transaction = null;
        sink = null;
        decoder = null;
        chunkError = null;
        chunkRemaining = 0;
        if (state != State.GREETED && state != State.CLOSED) {
            state = State.READY;
        }
    }

    /** Marks the session closed when the connection ends for any reason. */
    public void closed() {
        resetTransaction();
        state = State.CLOSED;
        mode = Mode.CLOSED;
    }

    private void violation(Rule rule, String line) {
        violations.add(new ProtocolViolation(sessionId, rule, line));
    }

    private Result reply(Reply reply) {
        return new Result(adapt(reply), 0, null, List.of(), null);
    }

    private Result finish(Reply reply, Delivery delivery, DisconnectReason close) {
        return withViolations(new Result(adapt(reply), 0, delivery, List.of(), close));
    }

    private Result withViolations(Result result) {
        if (violations.isEmpty()) {
            return result;
        }
        List<ProtocolViolation> found = new ArrayList<>(result.violations());
        found.addAll(violations);
        violations = new ArrayList<>();
        return new Result(result.reply(), result.consumed(), result.delivery(), List.copyOf(found), result.close());
    }
}
