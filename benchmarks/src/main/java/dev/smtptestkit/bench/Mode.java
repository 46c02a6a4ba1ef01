package dev.smtptestkit.bench;

/**
 * How long to measure. Quick finishes in under 2 minutes, full in under 10 on 2 cores.
 *
 * @param name             quick or full
 * @param lifecycleRounds  interleaved rounds of the lifecycle scenario
 * @param lifecycleOps     start/close operations per contender per round
 * @param throughputRounds rounds of each throughput cell but the two below
 * @param targetRounds     rounds of the 1 KiB one-connection-per-message cells with 1 and 8 clients,
 *                         whose targets are decided by margins smaller than four rounds resolve
 * @param smallMessages    1 KiB messages per throughput run (reused connections)
 * @param largeMessages    100 KiB messages per throughput run
 * @param runMillis        time limit of one throughput run
 * @param bigRounds        rounds of the 50 MiB message
 * @param idleRounds       rounds of the idle-sessions scenario
 * @param idleSessions     idle sessions held
 * @param junitRounds      rounds of the JUnit scenario
 * @param junitTests       tests in the generated class
 * @param sends            Transport.send calls per contender per round
 * @param sendRounds       rounds of the Transport.send scenario
 * @param sourceMessages   messages per smtp-source run
 * @param sourceRounds     rounds of the smtp-source scenario
 */
record Mode(String name, int lifecycleRounds, int lifecycleOps, int throughputRounds, int targetRounds, int smallMessages,
            int largeMessages, long runMillis, int bigRounds, int idleRounds, int idleSessions, int junitRounds, int junitTests,
            int sends, int sendRounds, int sourceMessages, int sourceRounds) {

    static Mode parse(String name) {
        switch (name) {
            case "quick":
                return new Mode("quick", 5, 20, 2, 4, 2000, 200, 400, 2, 1, 1000, 1, 200, 100, 3, 500, 2);
            case "full":
                return new Mode("full", 11, 60, 4, 12, 8000, 800, 800, 5, 3, 1000, 3, 500, 300, 10, 2000, 12);
            default:
                throw new IllegalArgumentException("mode must be quick or full, was '" + name + "'");
        }
    }
}
