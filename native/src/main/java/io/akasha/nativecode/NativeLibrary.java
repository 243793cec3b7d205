package io.akasha.nativecode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Finds the kernel library built for this platform and CPU in the jar (compiled by
 * {@code native/build-native.sh} during the build), copies it to a temporary file and opens it.
 *
 * <p>Variants, best first: {@code avx2} (AVX2 and FMA) and {@code baseline} (the platform's
 * minimum: SSE2 on x86-64, NEON on aarch64). {@code avx512} is compiled too but only loaded when
 * the system property {@code akasha.native.variant=avx512} asks for it: it has been run only on
 * the machine it was written on, so it is not a default. {@code akasha.native.variant} forces any
 * variant; one this CPU cannot run is refused with the missing extensions named.
 *
 * @param variant the variant loaded, for example {@code avx2}
 * @param lookup  its symbols, open for the life of the JVM
 */
record NativeLibrary(String variant, SymbolLookup lookup) {

    static final String VARIANT_PROPERTY = "akasha.native.variant";

    /** The variants a CPU can run, with the CPU flags each needs, best first. */
    private record Variant(String name, List<String> flags, boolean byDefault) {
    }

    private static final List<Variant> X86_64 = List.of(
            new Variant("avx512", List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl"), false),
            new Variant("avx2", List.of("avx2", "fma"), true),
            new Variant("baseline", List.of(), true));
    private static final List<Variant> AARCH64 = List.of(new Variant("baseline", List.of(), true));

    /**
     * Loads the best variant for this machine, or the one {@link #VARIANT_PROPERTY} forces.
     *
     * @throws UnsupportedOperationException saying why no variant can be loaded here
     */
    static NativeLibrary load(CpuFeatures cpu) {
        String platform = platform();
        List<Variant> variants = switch (platform) {
            case "linux-x86_64" -> X86_64;
            case "linux-aarch64" -> AARCH64;
            default -> throw new UnsupportedOperationException("no native kernels are built for " + platform);
        };
        String forced = System.getProperty(VARIANT_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Variant chosen = null;
        for (Variant variant : variants) {
            if (forced.equals(variant.name())) {
                if (!cpu.has(variant.flags().toArray(String[]::new))) {
                    throw new UnsupportedOperationException(VARIANT_PROPERTY + "=" + forced + " needs the CPU flags "
                            + variant.flags() + ", and this CPU lacks some of them");
                }
                chosen = variant;
            } else if (forced.equals("auto") && chosen == null && variant.byDefault()
                    && cpu.has(variant.flags().toArray(String[]::new))) {
                chosen = variant;
            }
        }
        if (chosen == null) {
            throw new UnsupportedOperationException(VARIANT_PROPERTY + "=" + forced + " is not a variant built for "
                    + platform + ": use auto or one of " + variants.stream().map(Variant::name).toList());
        }
        return new NativeLibrary(chosen.name(), open(platform, chosen.name()));
    }

    /**
     * The symbols of {@code libakasha-<name>.so} built for this platform (for example the
     * io_uring reader, which has no CPU variants).
     *
     * @throws UnsupportedOperationException saying why it cannot be opened here
     */
    static SymbolLookup loadNamed(String name) {
        return open(platform(), name);
    }

    private static SymbolLookup open(String platform, String name) {
        String resource = platform + "/libakasha-" + name + ".so";
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsupportedOperationException("the jar holds no " + resource + " (the build could not "
                        + "compile it; see native/build-native.sh)");
            }
            Path file = Files.createTempFile("akasha-" + name + "-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IOException e) {
            throw new UnsupportedOperationException("could not copy " + resource + " out of the jar: " + e, e);
        }
    }

    /** {@code <os>-<arch>} in the names the build script uses, for example {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch);
    }
}
