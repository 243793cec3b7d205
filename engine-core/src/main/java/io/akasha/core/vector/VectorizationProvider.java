package io.akasha.core.vector;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Chooses, once per JVM, which {@link VectorUtilSupport} serves each {@link Kernel}.
 *
 * <p>By default every kernel uses the Panama SIMD implementation when the Vector API module is
 * present and usable, and the scalar one otherwise; the reason for a fallback is logged once,
 * with how to enable SIMD. System properties force a choice:
 * <ul>
 *   <li>{@code akasha.vectorization=scalar|panama} for every kernel,</li>
 *   <li>{@code akasha.kernel.<kernel>=scalar|panama} for one kernel (see {@link Kernel#propertyName()}),</li>
 *   <li>{@code akasha.vector.bits=128|256|512} for the SIMD width.</li>
 * </ul>
 * Forcing Panama where it cannot run is an error, not a silent fallback.
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

        String defaultChoice = System.getProperty(VECTORIZATION_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        Map<Kernel, VectorUtilSupport> chosen = new EnumMap<>(Kernel.class);
        for (Kernel kernel : Kernel.values()) {
            String property = KERNEL_PROPERTY_PREFIX + kernel.propertyName();
            String choice = System.getProperty(property, defaultChoice).trim().toLowerCase(Locale.ROOT);
            chosen.put(kernel, switch (choice) {
                case "auto" -> panama != null ? panama : scalar;
                case "scalar" -> scalar;
                case "panama" -> {
                    if (panama == null) {
                        throw new IllegalStateException(property + " (or " + VECTORIZATION_PROPERTY
                                + ") forces panama, but it cannot run here: " + unavailable);
                    }
                    yield panama;
                }
                default -> throw new IllegalArgumentException(
                        property + "=" + choice + " is not a kernel implementation: use auto, scalar or panama");
            });
        }

        String summary = describe(chosen, panama, unavailable, defaultChoice);
        if (panama == null && !"scalar".equals(defaultChoice)) {
            LOG.log(System.Logger.Level.WARNING, summary);
        } else {
            LOG.log(System.Logger.Level.INFO, summary);
        }
        return new VectorizationProvider(Map.copyOf(chosen));
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
