package io.akasha.bench.ann;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs a main class of this build in a JVM of its own, as workers and measured builds run. */
public final class JvmCommand {

    private JvmCommand() {
    }

    /**
     * {@code java} of this JVM with the flags Akasha needs (the vector module, native access), a
     * heap of at most {@code maxHeap} (a {@code -Xmx} value such as {@code 8g}), the given system
     * properties ({@code name=value}) and this JVM's class path, running {@code mainClass}.
     */
    public static List<String> of(Class<?> mainClass, String maxHeap, String... systemProperties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx" + maxHeap));
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        return command;
    }
}
