package io.akasha.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./akasha bench compare --dataset NAME}: the headline comparison, {@code run} with every
 * known system and three rounds of one repetition each (the fair rules quote the median of three). Any {@code run}
 * option may follow and overrides these defaults.
 */
@Command(name = "compare", description = "Every known system (quantized variants only when named) side by side "
        + "on one data set, median of 3 rounds; "
        + "takes every 'run' option (e.g. --dataset glove100 --queries 1000).")
public final class AnnCompareCommand implements Callable<Integer> {

    @Unmatched
    List<String> runOptions = new ArrayList<>();

    @Override
    public Integer call() {
        // Three rounds in fresh processes give the median and the spread; one repetition per round
        // keeps a small data set's comparison within ten minutes on two cores.
        List<String> args = new ArrayList<>(List.of("--rounds", "3", "--repetitions", "1", "--warmup", "1"));
        // A list option accumulates when repeated, so the default system list goes in only when none is given.
        if (runOptions.stream().noneMatch(option -> option.equals("--systems") || option.startsWith("--systems="))) {
            args.addAll(List.of("--systems", String.join(",", AnnSystem.comparedByDefault())));
        }
        args.addAll(runOptions);
        CommandLine run = new CommandLine(new AnnRunCommand());
        run.setOverwrittenOptionsAllowed(true);
        return run.execute(args.toArray(String[]::new));
    }
}
