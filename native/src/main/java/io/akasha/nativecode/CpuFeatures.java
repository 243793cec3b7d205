package io.akasha.nativecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The instruction-set extensions this CPU reports, read from the first {@code flags} line of {@code /proc/cpuinfo}. */
record CpuFeatures(Set<String> flags) {

    /** This machine's features; empty when {@code /proc/cpuinfo} cannot be read (not Linux, or hidden). */
    static CpuFeatures ofThisMachine() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | SecurityException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The features of a {@code /proc/cpuinfo} text: x86's {@code flags} line or aarch64's {@code Features} line. */
    static CpuFeatures parse(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("flags") || line.startsWith("Features"))
                .findFirst()
                .map(line -> new CpuFeatures(Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .collect(Collectors.toUnmodifiableSet())))
                .orElseGet(() -> new CpuFeatures(Set.of()));
    }

    boolean has(String... required) {
        return flags.containsAll(Arrays.asList(required));
    }
}
