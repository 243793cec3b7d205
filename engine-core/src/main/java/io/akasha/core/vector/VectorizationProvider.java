package io.akasha.core.vector;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses, once per JVM, which {@link VectorUtilSupport} serves each {@link Kernel}.
 *
 * <p>By default a kernel is native when a {@link NativeKernelsProvider} is on the class path, can
 * load its library on this machine and measured the kernel faster than Panama, for the
 * dimensions where it did ({@link DimensionSplitSupport}); otherwise it uses the Panama SIMD
 * implementation when the Vector API module is present and usable, and the scalar one when not. The reason for each fallback is logged once. System
 * properties force a choice:
 * <ul>
 *   <li>{@code akasha.vectorization=scalar|panama|native} for every kernel,</li>
 *   <li>{@code akasha.kernel.<kernel>=scalar|panama|native} for one kernel (see {@link Kernel#propertyName()}),</li>
 *   <li>{@code akasha.vector.bits=128|256|512} for the SIMD width.</li>
 * </ul>
 * Forcing an implementation that cannot run here is an error, not a silent fallback.
 */
public final class VectorizationProvider {

    static final String VECTORIZATION_PROPERTY = "akasha.vectorization";
    static final String KERNEL_PROPERTY_PREFIX = "akasha.kernel.";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final System.Logger LOG = System.getLogger(VectorizationProvider.class.getName());

    private static final class Holder {
        static final VectorizationProvider INSTANCE = create();
    }

    private final Map<Kernel, VectorUtilSupport> kernels;

    private VectorizationProvider(Map<Kernel, VectorUtilSupport> kernels) {
        this.kernels = kernels;
    }

    /** The provider of this JVM, created (and logged) on first use. */
    public static VectorizationProvider get() {
        return Holder.INSTANCE;
    }

    /** The implementation that serves {@code kernel}. */
    public VectorUtilSupport support(Kernel kernel) {
        return kernels.get(kernel);
    }

    private static VectorizationProvider create() {
        ScalarVectorUtilSupport scalar = new ScalarVectorUtilSupport();
        String unavailable = panamaUnavailableReason();
        VectorUtilSupport panama = unavailable == null ? loadPanama() : null;
        NativeKernelsProvider nativeProvider = java.util.ServiceLoader.load(NativeKernelsProvider.class)
                .findFirst().orElse(null);
        String nativeUnavailable = nativeProvider == null
                ? "the akasha-native module is not on the class path" : nativeProvider.unavailableReason();
        VectorUtilSupport nativeKernels = nativeUnavailable == null ? nativeProvider.kernels() : null;

        String defaultChoice = System.getProperty(VECTORIZATION_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Map<Kernel, VectorUtilSupport> chosen = new EnumMap<>(Kernel.class);
        for (Kernel kernel : Kernel.values()) {
            String property = KERNEL_PROPERTY_PREFIX + kernel.propertyName();
            String choice = System.getProperty(property, defaultChoice).trim().toLowerCase(Locale.ROOT);
            chosen.put(kernel, switch (choice) {
                case "auto" -> automatic(kernel, nativeKernels == null ? null : nativeProvider, nativeKernels,
                        panama != null ? panama : scalar);
                case "scalar" -> scalar;
                case "native" -> {
                    if (nativeKernels == null) {
                        throw new IllegalStateException(property + " (or " + VECTORIZATION_PROPERTY
                                + ") forces native, but it cannot run here: " + nativeUnavailable);
                    }
                    yield nativeKernels;
                }
                case "panama" -> {
                    if (panama == null) {
                        throw new IllegalStateException(property + " (or " + VECTORIZATION_PROPERTY
                                + ") forces panama, but it cannot run here: " + unavailable);
                    }
                    yield panama;
                }
                default -> throw new IllegalArgumentException(
                        property + "=" + choice + " is not a kernel implementation: use auto, scalar, panama or native");
            });
        }

        String summary = describe(chosen, panama, unavailable, defaultChoice)
                + (nativeUnavailable == null ? "" : "; no native kernels: " + nativeUnavailable);
        if (panama == null && !"scalar".equals(defaultChoice)) {
            LOG.log(System.Logger.Level.WARNING, summary);
        } else {
            LOG.log(System.Logger.Level.INFO, summary);
        }
        return new VectorizationProvider(Map.copyOf(chosen));
    }

    /**
     * The default for {@code kernel}: native for the dimensions where the native provider (null if
     * none can run) measured it faster, {@code java} for the rest.
     */
    private static VectorUtilSupport automatic(Kernel kernel, NativeKernelsProvider nativeProvider,
                                               VectorUtilSupport nativeKernels, VectorUtilSupport java) {
        int below = nativeProvider == null ? 0 : nativeProvider.defaultBelowDimension(kernel);
        if (below <= 0) {
            return java;
        }
        return below == Integer.MAX_VALUE ? nativeKernels : new DimensionSplitSupport(nativeKernels, java, below);
    }

    /** Null when the Vector API can be used, else why not (checked without touching its classes). */
    private static String panamaUnavailableReason() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return VECTOR_MODULE + " is not enabled; start the JVM with --add-modules " + VECTOR_MODULE
                    + " to use SIMD kernels";
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint), where the Vector API is slower than scalar code";
        }
        try {
            return PanamaVectorUtilSupport.unsupportedReason();
        } catch (LinkageError e) {
            return "the Vector API failed to initialize: " + e;
        }
    }

    private static VectorUtilSupport loadPanama() {
        try {
            return new PanamaVectorUtilSupport();
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Vector API present but unusable, using scalar kernels", e);
            return null;
        }
    }

    private static String describe(Map<Kernel, VectorUtilSupport> chosen, VectorUtilSupport panama,
                                   String unavailable, String defaultChoice) {
        String byImplementation = chosen.entrySet().stream()
                .collect(Collectors.groupingBy(e -> e.getValue().name(), java.util.TreeMap::new,
                        Collectors.mapping(e -> e.getKey().propertyName(), Collectors.joining(","))))
                .entrySet().stream()
                .map(e -> e.getKey() + " [" + e.getValue() + "]")
                .collect(Collectors.joining("; "));
        StringBuilder line = new StringBuilder("Akasha vector kernels: ").append(byImplementation);
        if (panama != null) {
            line.append(" (SIMD ").append(PanamaVectorUtilSupport.describe()).append(')');
        } else if (!"scalar".equals(defaultChoice)) {
            line.append(" (no SIMD: ").append(unavailable).append(')');
        }
        return line.toString();
    }
}
