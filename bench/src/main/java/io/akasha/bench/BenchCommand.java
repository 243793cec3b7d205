package io.akasha.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code ./akasha bench ...}: the benchmark commands. */
@Command(name = "akasha bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Results and the commands that produced them go to bench/RESULTS.md.",
        subcommands = {BenchCommand.Jmh.class, ExactSearchBench.class, FilteredSearchBench.class, DiskAnnBench.class, DiskAnnScaleBench.class, StorageBench.class, io.akasha.bench.ann.AnnRunCommand.class,
                io.akasha.bench.ann.AnnCompareCommand.class, io.akasha.bench.load.ServerLoadBench.class, io.akasha.bench.load.LoadCommand.class})
public final class BenchCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Runs JMH suites; every argument goes to JMH unchanged (for example a benchmark regex). */
    @Command(name = "jmh", description = "Run JMH suites (default: every suite). "
            + "Arguments go to JMH, e.g. 'KernelBenchmark -p dim=128 -rf json -rff out.json'; '-h' lists JMH's options.")
    static final class Jmh implements Callable<Integer> {
        @Unmatched
        List<String> jmhArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return 0;
        }
    }
}
