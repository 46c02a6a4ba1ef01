package dev.smtptestkit;

import dev.smtptestkit.internal.script.ScriptFile;

import java.io.IOException;

import dev.smtptestkit.internal.protocol.Command;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.Script.Point;
import dev.smtptestkit.internal.script.Action;
import dev.smtptestkit.internal.script.Actions;
import dev.smtptestkit.internal.script.Checks;
import dev.smtptestkit.internal.script.ScriptRule;
import dev.smtptestkit.internal.script.ScriptRules;
import dev.smtptestkit.internal.script.ScriptSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scripted replies and faults of one receiver, for testing the unhappy paths of code that sends
 * mail: a recipient refused, a 421 that means "retry later", greylisting, a stall, a drop after
 * the final dot. Each rule is one line, deterministic, and marked {@code [scripted]} in the
 * transcript; a scripted reply or fault is never a protocol violation of the client.
 *
 * <pre>{@code
 * receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
 * receiver.script().onCommand("MAIL").times(2).reply(421, "4.3.2", "Try later");
 * receiver.script().onEndOfData().drop();
 * }</pre>
 *
 * <p>Rules are asked in the order they were added; the first that fires decides. A change applies
 * to the next step of every session, and the script may be changed from any thread while
 * sessions run. Hidden extensions apply to the sessions that start after the change.
 *
 * <p>(Why about 600 lines: half is Javadoc; what is left is the fluent vocabulary of one feature,
 * this class and its nested {@link Rule}, one documented method per matcher, count and action. The
 * matching, counting and the thread-safe rule list live in {@code internal.script} ({@code ScriptRules},
 * {@code ScriptRule}), the file syntax in {@code ScriptFile}.)
 */
public final class SmtpScript {

    private final ScriptRules rules;

    SmtpScript() {
        this(new ScriptRules());
    }

    private SmtpScript(ScriptRules rules) {
        this.rules = rules;
    }

    ScriptSource source() {
        return rules;
    }

    /**
     * A rule for the 220 greeting (RFC 5321 3.1), for example {@code onGreeting().delay(Duration.ofSeconds(2))}.
     *
     * @return the rule, to be finished with an action
     */
    public Rule onGreeting() {
        return new Rule(this, Point.GREETING, step -> true, "onGreeting()", null);
    }

    /**
     * A rule for the moment the TLS handshake has completed (STARTTLS, RFC 3207 4.2, or implicit
     * TLS, RFC 8314), before anything is read over TLS: for example {@code onTlsHandshake().drop()}
     * for a server that hangs up right after the upgrade, or {@code .reply(421, "4.3.2", "Bye")}.
     *
     * @return the rule, to be finished with an action
     */
    public Rule onTlsHandshake() {
        return new Rule(this, Point.TLS_HANDSHAKE, step -> true, "onTlsHandshake()", null);
    }

    /**
     * A rule for a command by its verb, for example {@code onCommand("MAIL")}.
     *
     * @param verb the verb, any case: EHLO, HELO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, ...
     * @return the rule, to be finished with an action
     * @throws IllegalArgumentException when {@code verb} is not a single word of letters
     */
    public Rule onCommand(String verb) {
        String v = Checks.verb(verb);
        return new Rule(this, Checks.command(v, line -> true), "onCommand(\"" + v + "\")", Checks.cut(v, line -> true));
    }

    /**
     * A rule for a command by its verb and its line as recorded (AUTH secrets masked).
     *
     * @param verb the verb, any case
     * @param line which lines of that verb, for example {@code l -> l.contains("SIZE=")}
     * @return the rule, to be finished with an action
     * @throws IllegalArgumentException when {@code verb} is not a single word of letters
     */
    public Rule onCommand(String verb, Predicate<String> line) {
        Objects.requireNonNull(line, "line");
        String v = Checks.verb(verb);
        return new Rule(this, Checks.command(v, line), "onCommand(\"" + v + "\", <predicate>)", Checks.cut(v, line));
    }

    /**
     * A rule for MAIL FROM with this sender, compared ignoring case ("" for the null sender {@code <>}).
     *
     * @param sender the address
     * @return the rule, to be finished with an action
     */
    public Rule onMail(String sender) {
        Objects.requireNonNull(sender, "sender");
        return new Rule(this, Point.COMMAND, step -> step.command() instanceof Command.Mail m
                && m.path().mailbox().equalsIgnoreCase(sender), "onMail(\"" + sender + "\")", null);
    }

    /**
     * A rule for RCPT TO with this recipient, compared ignoring case.
     *
     * @param recipient the address, for example {@code bob@example.com}
     * @return the rule, to be finished with an action
     */
    public Rule onRcpt(String recipient) {
        Objects.requireNonNull(recipient, "recipient");
        return new Rule(this, Point.COMMAND, step -> step.command() instanceof Command.Rcpt r
                && r.path().mailbox().equalsIgnoreCase(recipient), "onRcpt(\"" + recipient + "\")", null);
    }

    /**
     * A rule for RCPT TO with a recipient the whole pattern matches.
     *
     * @param recipients the pattern, for example {@code Pattern.compile(".*@blocked\\.example")}
     * @return the rule, to be finished with an action
     */
    public Rule onRcpt(Pattern recipients) {
        Objects.requireNonNull(recipients, "recipients");
        return new Rule(this, Point.COMMAND, step -> step.command() instanceof Command.Rcpt r
                && recipients.matcher(r.path().mailbox()).matches(), "onRcpt(/" + recipients + "/)", null);
    }

    /**
     * A rule for RCPT TO with a recipient the predicate accepts.
     *
     * @param recipients the predicate on the address
     * @return the rule, to be finished with an action
     */
    public Rule onRcpt(Predicate<String> recipients) {
        Objects.requireNonNull(recipients, "recipients");
        return new Rule(this, Point.COMMAND, step -> step.command() instanceof Command.Rcpt r
                && recipients.test(r.path().mailbox()), "onRcpt(<predicate>)", null);
    }

    /**
     * A rule for the end of a message (the final dot after DATA, or BDAT LAST), where the receiver
     * has accepted the octets and is about to reply.
     *
     * @return the rule, to be finished with an action
     */
    public Rule onEndOfData() {
        return new Rule(this, Point.END_OF_DATA, step -> true, "onEndOfData()", null);
    }

    /**
     * A rule for the end of the messages the predicate accepts, for example
     * {@code onEndOfData(m -> m.subject().contains("invoice")).reply(554, "5.7.1", "Rejected")}.
     * Messages the receiver refuses on its own (over the size limit) are not offered to it.
     *
     * @param message the predicate on the message as it would be recorded
     * @return the rule, to be finished with an action
     */
    public Rule onEndOfData(Predicate<ReceivedEmail> message) {
        Objects.requireNonNull(message, "message");
        return new Rule(this, Point.END_OF_DATA, step -> step.delivery() != null && message.test(new ReceivedEmail(
                step.delivery().id(), step.delivery().envelope(), step.delivery().content(), Instant.now())),
                "onEndOfData(<predicate>)", null);
    }

    /**
     * Greylisting (RFC 6647): the first RCPT of each triplet of client address, sender and
     * recipient gets {@code 451 4.7.1}; the same triplet is accepted once {@code retryAfter} has
     * passed since it was first seen.
     *
     * @param retryAfter how long a client must wait before its retry is accepted; may be zero
     * @return this script
     */
    public SmtpScript greylisting(Duration retryAfter) {
        Checks.requireNotNegative(retryAfter, "retryAfter");
        return add(Point.COMMAND, step -> step.command() instanceof Command.Rcpt, 0, 0, false,
                Actions.greylisting(retryAfter), "greylisting(" + retryAfter + ")");
    }

    /**
     * A rate limit per session: once {@code messages} messages were accepted in a session, its
     * next MAIL gets {@code 421 4.7.0} and the connection closes.
     *
     * @param messages messages accepted per session, at least 0
     * @return this script
     */
    public SmtpScript rateLimit(int messages) {
        Checks.requireNotNegative(messages, "messages");
        return add(Point.COMMAND, step -> step.command() instanceof Command.Mail, 0, 0, false,
                Actions.rateLimit(messages, false), "rateLimit(" + messages + ")");
    }

    /**
     * A rate limit per receiver: once {@code messages} messages were accepted across every
     * session (counted from this call), each MAIL gets {@code 421 4.7.0}.
     *
     * @param messages messages accepted in all, at least 0
     * @return this script
     */
    public SmtpScript rateLimitPerReceiver(int messages) {
        Checks.requireNotNegative(messages, "messages");
        return add(Point.COMMAND, step -> step.command() instanceof Command.Mail, 0, 0, false,
                Actions.rateLimit(messages, true), "rateLimitPerReceiver(" + messages + ")");
    }

    /**
     * Fail then succeed: the first {@code failures} MAIL commands across the receiver get
     * {@code 421 4.3.2} (and the connection closes), the next ones go through, as a retry loop needs.
     *
     * @param failures how many attempts fail, at least 1
     * @return this script
     */
    public SmtpScript failThenSucceed(int failures) {
        Checks.requirePositive(failures, "failures");
        return add(Point.COMMAND, step -> step.command() instanceof Command.Mail, failures, 0, false,
                Actions.tryAgainLater(), "failThenSucceed(" + failures + ")");
    }

    /**
     * Seeded chaos for soak tests of retry logic: every command but QUIT gets {@code 421 4.3.0}
     * with the given probability. The reply names the seed and the step, so a failing run can be
     * replayed with the same seed (in the same order of commands).
     *
     * @param seed        the seed of the random sequence
     * @param probability the chance of a fault per command, 0 to 1
     * @return this script
     */
    public SmtpScript random(long seed, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, got " + probability);
        }
        return add(Point.COMMAND, step -> true, 0, 0, false, Actions.random(seed, probability),
                "random(" + seed + ", " + probability + ")");
    }

    /**
     * Hides extensions from the EHLO reply of the sessions that start from now on; a hidden
     * extension is also refused when used (a SIZE parameter gets 555, BDAT gets 503).
     *
     * @param keywords EHLO keywords, any case: SIZE, 8BITMIME, PIPELINING, SMTPUTF8,
     *                 ENHANCEDSTATUSCODES, CHUNKING, DSN
     * @return this script
     * @throws IllegalArgumentException naming a keyword this receiver does not offer
     */
    public SmtpScript hideExtensions(String... keywords) {
        rules.hide(Checks.extensions(keywords));
        return this;
    }

    /**
     * Every rule, as it was written and in the order asked, for example
     * {@code [onRcpt("bob@example.com").reply(550, "5.1.1", "No such user"), onEndOfData().drop()]}.
     * Hidden extensions are not rules and are not listed.
     *
     * @return the rules in the order added; empty when there is none
     */
    public List<String> rules() {
        return rules.rules().stream().map(ScriptRule::description).toList();
    }

    /**
     * The rules that have never fired, as they were written, for example
     * {@code [onRcpt("bob@example.com").reply(550, "5.1.1", "No such user")]}.
     *
     * @return the unused rules in the order added; empty when every rule fired
     */
    public List<String> unusedRules() {
        return rules.unused().stream().map(ScriptRule::description).toList();
    }

    /**
     * The strict check for the end of a test: fails when a rule never fired, so a test cannot pass
     * by accident with a stale script.
     *
     * @throws AssertionError naming every rule that never fired
     */
    public void assertAllRulesUsed() {
        List<String> unused = unusedRules();
        if (!unused.isEmpty()) {
            throw new AssertionError(unused.size() + (unused.size() == 1 ? " script rule was" : " script rules were")
                    + " never used: " + String.join(", ", unused)
                    + ". Remove the rule, or check that the client reached the step it is for.");
        }
    }

    /**
     * Removes every rule and shows every extension again (for the sessions that start from now on).
     *
     * @return this script
     */
    public SmtpScript clear() {
        rules.clear();
        return this;
    }

    @Override
    public String toString() {
        List<ScriptRule> all = rules.rules();
        return "SmtpScript" + all.stream().map(r -> r.description() + " (fired " + r.firedCount() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private SmtpScript add(Point point, Predicate<Script.Step> match, int times, int nth, boolean perSession,
                           Action action, String description) {
        BiPredicate<Script.Step, Outcome> at = point == null ? (step, decided) -> match.test(step)
                : (step, decided) -> step.point() == point && match.test(step);
        return add(at, times, nth, perSession, action, description);
    }

    private SmtpScript add(BiPredicate<Script.Step, Outcome> match, int times, int nth, boolean perSession,
                           Action action, String description) {
        rules.add(new ScriptRule(match, times, nth, perSession, action, description));
        return this;
    }

    /**
     * One rule being written: where it applies, then optionally how often, then what it does. The
     * action ({@link #reply}, {@link #delay}, {@link #drop}, ...) adds the rule to the script and
     * returns the script, so rules chain.
     *
     * <pre>{@code
     * receiver.script()
     *         .onRcpt("bob@example.com").reply(550, "5.1.1", "No such user")
     *         .onCommand("MAIL").times(2).reply(421, "4.3.2", "Try later");
     * }</pre>
     */
    public static final class Rule {
        private final SmtpScript script;
        private final BiPredicate<Script.Step, Outcome> match;
        // where a cut of the message data applies (DATA or BDAT rules), or null
        private final BiPredicate<Script.Step, Outcome> cutAt;
        private final StringBuilder description;
        private int times;
        private int nth;
        private boolean perSession;

        private Rule(SmtpScript script, Point point, Predicate<Script.Step> match, String description,
                     BiPredicate<Script.Step, Outcome> cutAt) {
            this(script, (step, decided) -> step.point() == point && match.test(step), description, cutAt);
        }

        private Rule(SmtpScript script, BiPredicate<Script.Step, Outcome> match, String description,
                     BiPredicate<Script.Step, Outcome> cutAt) {
            this.script = script;
            this.match = match;
            this.description = new StringBuilder(description);
            this.cutAt = cutAt;
        }

        /**
         * Fires for the first {@code n} matching steps only (counted across the receiver unless
         * {@link #perSession()}); afterwards the receiver answers as it would.
         *
         * @param n how many times, at least 1
         * @return this rule
         */
        public Rule times(int n) {
            Checks.requirePositive(n, "times");
            times = n;
            nth = 0;
            description.append(".times(").append(n).append(')');
            return this;
        }

        /**
         * Fires for the {@code n}th matching step only (1 for the first).
         *
         * @param n which match, at least 1
         * @return this rule
         */
        public Rule nth(int n) {
            Checks.requirePositive(n, "nth");
            nth = n;
            times = 0;
            description.append(".nth(").append(n).append(')');
            return this;
        }

        /**
         * Counts {@link #times} and {@link #nth} in each session apart (the default counts across
         * the receiver, so "the first two attempts" spans connections).
         *
         * @return this rule
         */
        public Rule perSession() {
            perSession = true;
            description.append(".perSession()");
            return this;
        }

        /**
         * Replies with this instead of what the receiver would answer. A refusal (4xx, 5xx) keeps
         * the state as it was (a refused RCPT adds no recipient, a refused end of data records no
         * message); a 421 closes the connection after the reply (RFC 5321 3.8): the FIN follows
         * the reply, and the socket is closed once the client has closed its side too, for at most
         * 2 s (or the idle timeout), so a client that writes more (Angus Mail's RSET) reads the end
         * of stream, not a reset.
         *
         * @param code         the reply code, 200 to 599 (RFC 5321 4.2)
         * @param enhancedCode the enhanced status code such as {@code 5.1.1} (RFC 3463), whose class
         *                     matches the code's first digit, or "" for none
         * @param lines        the text, one argument a line (several make a multi-line reply)
         * @return the script
         * @throws IllegalArgumentException when the code, the enhanced code or a line is malformed
         */
        public SmtpScript reply(int code, String enhancedCode, String... lines) {
            Reply reply = Checks.reply(code, enhancedCode, lines);
            StringBuilder d = new StringBuilder(".reply(").append(code).append(", \"").append(enhancedCode).append('"');
            for (String line : lines) {
                d.append(", \"").append(line).append('"');
            }
            return add(Actions.reply(reply), d.append(')').toString());
        }

        /**
         * Writes the receiver's own reply after a delay, for example a slow greeting.
         *
         * @param wait how long, not negative
         * @return the script
         */
        public SmtpScript delay(Duration wait) {
            Checks.requireNotNegative(wait, "delay");
            return add(Actions.delay(wait), ".delay(" + wait + ")");
        }

        /**
         * Closes the connection (FIN) where the client waits for the reply: before the greeting,
         * instead of a command's reply, or at {@link SmtpScript#onEndOfData()} after the final dot
         * and before the reply; then the message IS recorded and {@link ReceivedEmail#replySent()} is false.
         *
         * @return the script
         */
        public SmtpScript drop() {
            return add(Actions.drop(false), ".drop()");
        }

        /**
         * As {@link #drop()}, but resets the connection (RST) instead of closing it.
         *
         * @return the script
         */
        public SmtpScript reset() {
            return add(Actions.drop(true), ".reset()");
        }

        /**
         * Writes the receiver's own reply, then closes the connection (FIN), as after a 421: the
         * socket is closed once the client has closed its side too, for at most 2 s.
         *
         * @return the script
         */
        public SmtpScript dropAfterReply() {
            return add(Actions.dropAfterReply(false), ".dropAfterReply()");
        }

        /**
         * Sends no reply and nothing more: the session hangs until the client's own timeout
         * ({@code mail.smtp.timeout}) closes it, or the receiver is closed.
         *
         * @return the script
         */
        public SmtpScript stall() {
            return add(Actions.stall(), ".stall()");
        }

        /**
         * For {@code onCommand("DATA")} or {@code onCommand("BDAT")}: answers DATA (BDAT is
         * answered after its chunk), then closes the connection (FIN) once {@code octets} octets of
         * the message have arrived; for BDAT they are counted across the chunks of one message, from
         * the BDAT that starts it. The message is not recorded. A message of at most
         * {@code octets} octets is not cut (for DATA the count includes the final {@code .CRLF}).
         *
         * @param octets octets of data before the drop, at least 0
         * @return the script
         * @throws IllegalArgumentException on a rule for another command or point
         */
        public SmtpScript dropAfterOctets(long octets) {
            return cut(octets, false, ".dropAfterOctets(");
        }

        /**
         * As {@link #dropAfterOctets}, but resets the connection (RST).
         *
         * @param octets octets of data before the reset, at least 0
         * @return the script
         * @throws IllegalArgumentException on a rule for another command or point
         */
        public SmtpScript resetAfterOctets(long octets) {
            return cut(octets, true, ".resetAfterOctets(");
        }

        /**
         * From this step on, the session reads and writes at most {@code octetsPerSecond} octets a
         * second on average (a slow link), for example {@code onGreeting().throttle(1000)}.
         *
         * @param octetsPerSecond the rate, at least 1
         * @return the script
         */
        public SmtpScript throttle(long octetsPerSecond) {
            Checks.requirePositive(octetsPerSecond, "octetsPerSecond");
            return add(Actions.throttle(octetsPerSecond), ".throttle(" + octetsPerSecond + ")");
        }

        private SmtpScript cut(long octets, boolean reset, String name) {
            if (cutAt == null) {
                throw new IllegalArgumentException(name.substring(1) + "...) applies to onCommand(\"DATA\") and "
                        + "onCommand(\"BDAT\") only, not to " + description);
            }
            Checks.requireNotNegative(octets, "octets");
            return script.add(cutAt, times, nth, perSession, Actions.cutData(octets, reset),
                    description + name + octets + ")");
        }

        private SmtpScript add(Action action, String what) {
            return script.add(match, times, nth, perSession, action, description + what);
        }
    }

    /**
     * Adds the rules of a script file after the current ones: one rule a line, {@code #} comments
     * (the syntax is in the README and in {@code --help} of the standalone runner). All or nothing,
     * like {@link #replaceWith}: every line is read first, and only when all are rules are they
     * added, in one step; a bad line leaves the script as it was.
     *
     * @param file the script file, at most 1 MiB
     * @return this script
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException "Script FILE line N: ..." naming the first bad line; the script is unchanged
     */
    public SmtpScript load(java.nio.file.Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        SmtpScript staged = new SmtpScript(ScriptRules.staging());
        ScriptFile.load(file, staged);
        return addStaged(staged);
    }

    /**
     * Adds the rules of a script file on the class path, as {@link #load(java.nio.file.Path)} does
     * for a file (all or nothing), for example {@code loadResource("faults/greylist.smtpscript")}
     * for {@code src/test/resources/faults/greylist.smtpscript}. This is what
     * {@code @SmtpServer(script = ...)} calls. The resource is looked up with the thread's context
     * class loader, then with the one of this library.
     *
     * @param resource the resource name, without a leading {@code /}
     * @return this script
     * @throws IllegalArgumentException when the resource is missing or cannot be read, or
     *                                  "Script resource NAME line N: ..." naming the first bad line;
     *                                  the script is unchanged
     */
    public SmtpScript loadResource(String resource) {
        Objects.requireNonNull(resource, "resource");
        SmtpScript staged = new SmtpScript(ScriptRules.staging());
        ScriptFile.loadResource(resource, staged);
        return addStaged(staged);
    }

    // All or nothing: the staged rules were read in full before any is added.
    private SmtpScript addStaged(SmtpScript staged) {
        rules.addAll(staged.rules);
        return this;
    }

    /**
     * Replaces the whole script with the rules of a script text, in the syntax of {@link #load}:
     * one rule a line, {@code #} comments. Every line is read first; only when all are rules do they
     * take the place of the old rules and hidden extensions, in one step, so a session sees either
     * the old script or the new one, and a bad line changes nothing. The new rules start unused.
     *
     * <pre>{@code
     * receiver.script().replaceWith("rcpt bob@example.com reply 550 5.1.1 No such user\nend-of-data drop");
     * }</pre>
     *
     * @param text the rules, lines separated by LF or CRLF; empty (or only comments) for no rule
     * @return this script
     * @throws IllegalArgumentException "Script line N: ..." naming the first bad line; the script is unchanged
     */
    public SmtpScript replaceWith(String text) {
        Objects.requireNonNull(text, "text");
        SmtpScript staged = new SmtpScript(ScriptRules.staging());
        try {
            ScriptFile.apply(List.of(text.split("\\R")), staged);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Script " + e.getMessage(), e);
        }
        rules.replaceWith(staged.rules);
        return this;
    }
}
