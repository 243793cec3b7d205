// hnswlib worker for Akasha's ANN runner: reads a job file (see AnnJob.java for the contract),
// builds an hnswlib index on all job threads, sweeps ef, and writes build.txt, ids-<ef>.ivecs and
// timings.csv. Timing happens here, in a C++ loop, so the harness costs hnswlib nothing.
//
// Build: g++ -O3 -march=native -std=c++17 -pthread hnswlib_worker.cpp -o hnswlib-worker
// (Debian: libhnswlib-dev provides <hnswlib/hnswlib.h>).
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Vectors {
    int dim = 0;
    size_t count = 0;
    std::vector<float> data;
    const float* row(size_t i) const { return data.data() + i * dim; }
};

std::map<std::string, std::string> read_job(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read job file " + path);
    std::map<std::string, std::string> job;
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && line[0] != '#') job[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return job;
}

std::string need(const std::map<std::string, std::string>& job, const std::string& key) {
    auto it = job.find(key);
    if (it == job.end()) throw std::runtime_error("job file: missing '" + key + "'");
    return it->second;
}

Vectors read_fvecs(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    Vectors v;
    int32_t d;
    while (in.read(reinterpret_cast<char*>(&d), 4)) {
        if (v.dim == 0) v.dim = d;
        if (d != v.dim) throw std::runtime_error(path + ": record " + std::to_string(v.count) + " has another dimension");
        size_t at = v.data.size();
        v.data.resize(at + d);
        if (!in.read(reinterpret_cast<char*>(v.data.data() + at), 4L * d))
            throw std::runtime_error(path + ": truncated record " + std::to_string(v.count));
        v.count++;
    }
    return v;
}

long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    size_t n = std::string(field).size();
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0) return std::stol(line.substr(n));
    return 0;
}

// Threads take queries round-robin from a shared counter until at least one full pass and
// `seconds` are done; returns the searches completed per second.
template <typename F>
double throughput(size_t n, int threads, double seconds, F body) {
    std::atomic<size_t> next{0}, done{0};
    auto start = Clock::now();
    auto minimum = std::chrono::duration<double>(seconds);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; t++)
        workers.emplace_back([&] {
            for (size_t i; (i = next.fetch_add(1)) < n || Clock::now() - start < minimum;) {
                body(i % n);
                done.fetch_add(1);
            }
        });
    for (auto& w : workers) w.join();
    return done.load() / std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename F>
void parallel_for(size_t n, int threads, F body) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; t++)
        workers.emplace_back([&] {
            for (size_t i; (i = next.fetch_add(1)) < n;) body(i);
        });
    for (auto& w : workers) w.join();
}

std::vector<int> top_k(hnswlib::HierarchicalNSW<float>& index, const float* query, int k) {
    auto found = index.searchKnn(query, k);  // a max-heap: farthest on top
    std::vector<int> ids(found.size());
    for (size_t i = found.size(); i-- > 0; found.pop()) ids[i] = static_cast<int>(found.top().second);
    return ids;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * values.size()));
    return values[std::max<size_t>(rank, 1) - 1];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: hnswlib-worker JOB_FILE\n";
        return 2;
    }
    try {
        auto job = read_job(argv[1]);
        std::string out = need(job, "output");
        int k = std::stoi(need(job, "k"));
        int threads = std::stoi(need(job, "threads"));
        int repetitions = std::stoi(need(job, "repetitions"));
        double warmup = std::stod(need(job, "warmup_seconds"));
        double measure = std::stod(need(job, "measure_seconds"));
        int M = std::stoi(job.count("build.M") ? job["build.M"] : "16");
        int ef_construction = std::stoi(job.count("build.efConstruction") ? job["build.efConstruction"] : "200");
        std::vector<std::string> sweep;
        std::stringstream sweep_text(need(job, "sweep"));
        for (std::string ef; std::getline(sweep_text, ef, ',');) sweep.push_back(ef);
        if (sweep.empty()) throw std::runtime_error("hnswlib needs an ef sweep");

        Vectors base = read_fvecs(need(job, "base"));
        Vectors queries = read_fvecs(need(job, "queries"));
        std::unique_ptr<hnswlib::SpaceInterface<float>> space;
        if (need(job, "metric") == "l2") space = std::make_unique<hnswlib::L2Space>(base.dim);
        else space = std::make_unique<hnswlib::InnerProductSpace>(base.dim);

        auto start = Clock::now();
        hnswlib::HierarchicalNSW<float> index(space.get(), base.count, M, ef_construction, 100);
        parallel_for(base.count, threads, [&](size_t i) { index.addPoint(base.row(i), i); });
        double build_seconds = std::chrono::duration<double>(Clock::now() - start).count();

        size_t upper_links = 0;
        for (size_t i = 0; i < base.count; i++) upper_links += index.element_levels_[i] * index.size_links_per_element_;
        size_t index_bytes = index.max_elements_ * index.size_data_per_element_ + upper_links;
        std::ofstream(out + "/build.txt") << "build_seconds=" << build_seconds << "\nindex_bytes=" << index_bytes
                                          << "\nrss_kb=" << status_kib("VmRSS:") << "\npeak_rss_kb="
                                          << status_kib("VmHWM:") << "\n";

        std::cout << "akasha-progress built" << std::endl;
        // Every point once, untimed, before anything is timed (the same protocol as the JVM workers).
        for (const std::string& ef : sweep) {
            index.setEf(std::stoi(ef));
            auto warm_end = Clock::now() + std::chrono::duration<double>(warmup / 2);
            for (size_t q = 0; Clock::now() < warm_end; q = (q + 1) % queries.count) top_k(index, queries.row(q), k);
        }

        std::ofstream timings(out + "/timings.csv");
        timings << "point,repetition,qps_single,qps_threads,p50_us,p95_us,p99_us,p999_us\n";
        for (const std::string& ef : sweep) {
            index.setEf(std::stoi(ef));
            auto warm_end = Clock::now() + std::chrono::duration<double>(warmup);
            for (size_t q = 0; Clock::now() < warm_end; q = (q + 1) % queries.count) top_k(index, queries.row(q), k);
            std::vector<std::vector<int>> ids(queries.count);
            std::vector<double> first_pass(queries.count);
            for (int rep = 0; rep < repetitions; rep++) {
                // Whole passes over the queries until the minimum measuring time has passed.
                std::vector<double> latency;
                auto loop_start = Clock::now();
                size_t passes = 0;
                do {
                    for (size_t q = 0; q < queries.count; q++) {
                        auto t = Clock::now();
                        auto found = top_k(index, queries.row(q), k);
                        latency.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
                        if (rep == 0 && passes == 0) {
                            ids[q] = std::move(found);
                            first_pass[q] = latency.back();
                        }
                    }
                    passes++;
                } while (std::chrono::duration<double>(Clock::now() - loop_start).count() < measure);
                double single = passes * queries.count / std::chrono::duration<double>(Clock::now() - loop_start).count();
                double threaded = throughput(queries.count, threads, measure,
                                             [&](size_t q) { top_k(index, queries.row(q), k); });
                char row[256];
                std::snprintf(row, sizeof row, "%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f\n", ef.c_str(), rep, single,
                              threaded, percentile(latency, 50), percentile(latency, 95), percentile(latency, 99),
                              percentile(latency, 99.9));
                timings << row;
            }
            std::ofstream times(out + "/times-" + ef + ".txt");
            for (double micros : first_pass) times << micros << "\n";
            std::ofstream idfile(out + "/ids-" + ef + ".ivecs", std::ios::binary);
            for (auto& row : ids) {
                int32_t n = static_cast<int32_t>(row.size());
                idfile.write(reinterpret_cast<const char*>(&n), 4);
                idfile.write(reinterpret_cast<const char*>(row.data()), 4L * n);
            }
            std::cout << "akasha-progress point " << ef << std::endl;
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "hnswlib-worker: " << e.what() << "\n";
        return 1;
    }
}
