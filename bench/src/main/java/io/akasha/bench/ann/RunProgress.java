package io.akasha.bench.ann;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a whole run (every system's build and sweep points, every round): a progress bar
 * on a terminal, one plain line per step when the output goes to a file or a pipe.
 */
final class RunProgress implements AutoCloseable {

    private final ProgressBar bar;
    private final long total;
    private long done;

    RunProgress(long totalSteps) {
        this.total = totalSteps;
        boolean terminal = System.console() != null && System.console().isTerminal();
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("bench").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build() : null;
    }

    /** One step done: {@code what} says which, e.g. "hnswlib round 1: point 64". */
    void step(String what) {
        done++;
        if (bar != null) {
            bar.setExtraMessage(what);
            bar.step();
        } else {
            System.out.printf("[%d/%d] %s%n", done, total, what);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
