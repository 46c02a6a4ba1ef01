package dev.smtptestkit.standalone.http;

import dev.smtptestkit.SmtpScript;
import dev.smtptestkit.standalone.http.Http.HttpError;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code /api/script}: read, replace and clear the receiver's scripted replies and faults, so a test
 * in any language can make the next RCPT fail. The text is the runner's {@code --script} file syntax.
 */
final class ScriptCalls {

    private final SmtpScript script;

    ScriptCalls(SmtpScript script) {
        this.script = script;
    }

    void handle(Http http) throws IOException {
        if (script == null) {
            throw new HttpError(404, "This HTTP view serves no script: start it with start(mailbox, script).");
        }
        switch (Api.method(http, "GET, PUT, DELETE")) {
            case "PUT" -> {
                checkPlainText(http);
                String text = http.body(); // at most Http.MAX_BODY octets, else 413
                try {
                    script.replaceWith(text); // every line read before any rule changes
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, e.getMessage() + ". Nothing was changed.");
                }
            }
            case "DELETE" -> script.clear();
            default -> {
                // GET: the answer below
            }
        }
        http.json(200, new Json().object().field("rules", script.rules()).field("unused", script.unusedRules())
                .end());
    }

    // A body in another type (a JSON object, a form) is not a script; refused before it is read.
    private static void checkPlainText(Http http) {
        String type = http.exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.strip().toLowerCase(Locale.ROOT).matches("text/plain\\s*(;.*)?")) {
            throw new HttpError(415, "PUT /api/script takes the script as text/plain, one rule a line (as in a "
                    + "--script file), not '" + type + "'. With curl: curl -T script.txt URL, or -H 'Content-Type: "
                    + "text/plain' --data-binary @script.txt.");
        }
    }
}
