package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs and builds the baseline workers on first use: Debian packages through {@code apt-get}
 * (when running as root, as on the project's machines), C++ drivers compiled with the system
 * {@code g++}. Anything that cannot be had is reported with the reason, never silently dropped.
 */
final class BaselineSetup {

    private static final Path HNSWLIB_HEADER = Path.of("/usr/include/hnswlib/hnswlib.h");
    /** Debian's Python modules are visible only to this interpreter, not to another python3 on PATH. */
    private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
    private static final Path FAISS_MODULE = Path.of("/usr/lib/python3/dist-packages/faiss/__init__.py");
    static final Path H5PY_MODULE = Path.of("/usr/lib/python3/dist-packages/h5py/__init__.py");
    private static final Path NUMPY_MODULE = Path.of("/usr/lib/python3/dist-packages/numpy/__init__.py");

    private BaselineSetup() {
    }

    /** The repository root: {@code akasha.home} (set by the launcher), else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("akasha.home", ".")).toAbsolutePath().normalize();
    }

    /** Builds (once, or when its source changed) the hnswlib C++ worker and returns its command. */
    static List<String> hnswlibWorker() throws SystemUnavailableException {
        ensureDebianPackage(HNSWLIB_HEADER, "libhnswlib-dev");
        Path source = home().resolve("bench/baselines/hnswlib/hnswlib_worker.cpp");
        Path binary = home().resolve("bench/target/baselines/hnswlib-worker");
        try {
            if (!Files.exists(source)) {
                throw new SystemUnavailableException("hnswlib worker source not found at " + source
                        + " (run through ./akasha, which sets akasha.home)");
            }
            if (!Files.exists(binary) || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0) {
                Files.createDirectories(binary.getParent());
                run(List.of("g++", "-O3", "-march=native", "-std=c++17", "-pthread", source.toString(), "-o",
                        binary.toString()), "compiling the hnswlib worker");
            }
        } catch (IOException e) {
            throw new SystemUnavailableException("cannot build the hnswlib worker: " + e.getMessage());
        }
        return List.of(binary.toString());
    }

    /** Installs Debian's FAISS for Python if needed and returns the FAISS worker's command. */
    static List<String> faissWorker() throws SystemUnavailableException {
        ensureDebianPackage(FAISS_MODULE, "python3-faiss");
        return debianPythonScript("bench/baselines/faiss/faiss_worker.py");
    }

    /** Installs Debian's h5py if needed and returns the command of the ann-benchmarks result writer. */
    static List<String> h5pyWriter() throws SystemUnavailableException {
        ensureDebianPackage(H5PY_MODULE, "python3-h5py");
        return debianPythonScript("bench/baselines/ann-benchmarks/write_result.py");
    }

    /** The command running a script of this repository with Debian's Python (numpy installed). */
    private static List<String> debianPythonScript(String relativePath) throws SystemUnavailableException {
        ensureDebianPackage(NUMPY_MODULE, "python3-numpy");
        Path source = home().resolve(relativePath);
        if (!Files.exists(source)) {
            throw new SystemUnavailableException(source + " not found (run through ./akasha, which sets akasha.home)");
        }
        return List.of(DEBIAN_PYTHON.toString(), source.toString());
    }

    /** Makes sure {@code marker} exists, installing {@code debianPackage} if it does not. */
    static void ensureDebianPackage(Path marker, String debianPackage) throws SystemUnavailableException {
        if (Files.exists(marker)) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new SystemUnavailableException(debianPackage + " is not installed (" + marker
                    + " missing); install it with: sudo apt-get install " + debianPackage);
        }
        System.out.println("installing Debian package " + debianPackage + " ...");
        List<String> install = List.of("apt-get", "install", "-y", "-q", debianPackage);
        try {
            run(install, "apt-get install " + debianPackage);
        } catch (SystemUnavailableException e) {
            // A fresh machine has no package lists yet: fetch them once and try again.
            run(List.of("apt-get", "update", "-q"), "apt-get update");
            run(install, "apt-get install " + debianPackage);
        }
        if (!Files.exists(marker)) {
            throw new SystemUnavailableException("apt-get installed " + debianPackage + " but " + marker
                    + " is still missing");
        }
    }

    private static void run(List<String> command, String what) throws SystemUnavailableException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new SystemUnavailableException(what + " failed: " + tail(output));
            }
        } catch (IOException e) {
            throw new SystemUnavailableException(what + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SystemUnavailableException(what + " was interrupted");
        }
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }
}
