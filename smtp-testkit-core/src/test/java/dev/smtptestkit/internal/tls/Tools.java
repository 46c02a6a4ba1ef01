package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs an external program (openssl, keytool, python3) from a test, or skips the test if it is missing. */
final class Tools {

    /** What a program printed (stdout and stderr merged) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    /** Skips the calling test, saying so on the console, when {@code binary} is not on the PATH. */
    static void assumeInstalled(String binary, String... versionArguments) {
        boolean installed;
        try {
            Process process = new ProcessBuilder(command(binary, versionArguments)).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            installed = process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            installed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            installed = false;
        }
        if (!installed) {
            System.out.println("NOTICE: " + binary + " is not installed: skipping the test that runs it");
        }
        Assumptions.assumeTrue(installed, binary + " is not installed");
    }

    /** Runs the command in {@code directory} with stdin at end of file; fails the test after 60 s. */
    static Result run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes(); // ends when the process closes its output
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("%s ended within 60 s", List.of(command)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String[] command(String binary, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = binary;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return command;
    }
}
