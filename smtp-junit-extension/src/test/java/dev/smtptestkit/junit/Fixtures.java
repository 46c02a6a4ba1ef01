package dev.smtptestkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

/** Runs fixture classes (nested {@code ...Case} classes tagged "fixture") through the Jupiter engine. */
final class Fixtures {

    private Fixtures() {
    }

    /** Runs a fixture with the given default test instance lifecycle. */
    static EngineExecutionResults run(Class<?> fixture, TestInstance.Lifecycle lifecycle) {
        return run(fixture, lifecycle, Map.of());
    }

    /** Runs a fixture with extra configuration parameters. */
    static EngineExecutionResults run(Class<?> fixture, TestInstance.Lifecycle lifecycle, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.testinstance.lifecycle.default",
                        lifecycle.name().toLowerCase(Locale.ROOT))
                .configurationParameters(config)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** Runs a fixture with the PER_METHOD lifecycle, writing published files below {@code outputs}, one directory per test. */
    static EngineExecutionResults runWritingFiles(Class<?> fixture, Path outputs) {
        OutputDirectoryCreator creator = new OutputDirectoryCreator() {
            @Override
            public Path getRootDirectory() {
                return outputs;
            }

            @Override
            public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
                String name = descriptor.getUniqueId().toString().replaceAll("[^A-Za-z0-9.-]+", "_");
                return Files.createDirectories(outputs.resolve(name));
            }
        };
        return EngineTestKit.engine("junit-jupiter").outputDirectoryCreator(creator)
                .selectors(selectClass(fixture)).execute();
    }

    /** Fails unless exactly {@code count} tests ran and all passed; otherwise shows the failures. */
    static void assertPassed(EngineExecutionResults results, int count) {
        List<Throwable> problems = results.allEvents().stream()
                .filter(e -> e.getType() == EventType.FINISHED)
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .flatMap(java.util.Optional::stream)
                .toList();
        long succeeded = results.testEvents().succeeded().count();
        if (!problems.isEmpty() || succeeded != count) {
            AssertionError error = new AssertionError("Expecting " + count + " passed tests but " + succeeded
                    + " passed; failures: " + problems.size());
            problems.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** The failure of the only failed test. */
    static Throwable singleTestFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
        if (failures.size() != 1) {
            throw new AssertionError("Expecting one failed test but got " + failures.size() + ": " + failures);
        }
        return failures.get(0);
    }

    /** The failure of the failed test whose display name starts with {@code name}. */
    static Throwable failureOf(EngineExecutionResults results, String name) {
        return results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith(name))
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError(name + " did not fail"));
    }

    /** The failure of the only failed container (a class whose set-up failed). */
    static Throwable singleContainerFailure(EngineExecutionResults results) {
        List<Throwable> failures = results.containerEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
        if (failures.size() != 1) {
            throw new AssertionError("Expecting one failed container but got " + failures.size() + ": " + failures);
        }
        return failures.get(0);
    }

    /** Every report entry value published under a key, in order. */
    static List<String> reportEntries(EngineExecutionResults results, String key) {
        return results.allEvents().stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .filter(m -> m.containsKey(key))
                .map(m -> m.get(key))
                .collect(Collectors.toList());
    }
}
