/*
 * Peak single-precision FMA throughput of this CPU, per core and for all threads together.
 *
 * Each thread runs CHAINS independent chains acc = acc * b + c of FMAs (no memory traffic), first
 * with 8-wide AVX2 FMAs on ymm registers, then, where the CPU has AVX-512F, with 16-wide FMAs on
 * zmm registers (the widest vectors, which the GEMM uses at -Darabica.simd.bits=512). On Zen 3/4/5
 * an FMA has 4 cycles of latency and two FMA pipes, so at least 8 chains are needed to keep both
 * pipes busy; 12 leave a margin and still fit in 16 registers with b and c. 1 FMA = 2 flops.
 *
 * Build: gcc -O2 -pthread fma_peak.c -o fma_peak  (benchmarks/peak/run-peak does it)
 * Usage: fma_peak [seconds per run, default 1] [thread counts, default "1,<cores>"]
 */
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHAINS 12
#define REPEATS 3

typedef struct {
    int cpu;
    long iters;
    double seconds;
    float sink;
    pthread_barrier_t *start;
} job_t;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Runtime constants, so the compiler cannot fold the chains. b < 1 keeps values bounded. */
static volatile float seed_b = 0.9999999f, seed_c = 1e-7f;

static void pin(const job_t *job) {
    if (job->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(job->cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set); /* best effort */
    }
}

/*
 * One body for both widths: V is the vector type, SET/FMA/ADD/STORE its intrinsics, LANES its
 * float count. Each function is compiled for its own ISA (target attribute), so the file builds
 * with plain -O2 and the AVX-512 one runs only where the CPU has it (checked at run time).
 */
#define FMA_BODY(V, SET, FMA, ADD, STORE, LANES)                                                  \
    pin(job);                                                                                    \
    const V b = SET(seed_b), c = SET(seed_c);                                                    \
    V a0 = SET(0.1f), a1 = SET(0.2f), a2 = SET(0.3f), a3 = SET(0.4f), a4 = SET(0.5f),            \
      a5 = SET(0.6f), a6 = SET(0.7f), a7 = SET(0.8f), a8 = SET(0.9f), a9 = SET(1.0f),            \
      a10 = SET(1.1f), a11 = SET(1.2f);                                                          \
    if (job->start) pthread_barrier_wait(job->start);                                           \
    double t0 = now();                                                                           \
    for (long i = 0; i < job->iters; i++) {                                                      \
        a0 = FMA(a0, b, c);   a1 = FMA(a1, b, c);   a2 = FMA(a2, b, c);   a3 = FMA(a3, b, c);    \
        a4 = FMA(a4, b, c);   a5 = FMA(a5, b, c);   a6 = FMA(a6, b, c);   a7 = FMA(a7, b, c);    \
        a8 = FMA(a8, b, c);   a9 = FMA(a9, b, c);   a10 = FMA(a10, b, c); a11 = FMA(a11, b, c);  \
    }                                                                                            \
    job->seconds = now() - t0;                                                                   \
    V s = ADD(ADD(ADD(a0, a1), ADD(a2, a3)), ADD(ADD(a4, a5), ADD(a6, a7)));                     \
    s = ADD(s, ADD(ADD(a8, a9), ADD(a10, a11)));                                                 \
    float out[LANES];                                                                            \
    STORE(out, s);                                                                               \
    job->sink = out[0] + out[LANES - 1];                                                         \
    return NULL;

__attribute__((target("avx2,fma"))) static void *run_avx2(void *arg) {
    job_t *job = arg;
    FMA_BODY(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, _mm256_storeu_ps, 8)
}

__attribute__((target("avx512f"))) static void *run_avx512(void *arg) {
    job_t *job = arg;
    FMA_BODY(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_storeu_ps, 16)
}

/* GFLOP/s of `threads` threads each running `iters` iterations; total flops / slowest thread. */
static double measure(void *(*run)(void *), int lanes, int threads, long iters, int cores, double *slowest) {
    pthread_t tid[256];
    job_t jobs[256];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, threads);
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job_t){.cpu = threads <= cores ? t : -1, .iters = iters, .start = &start};
        pthread_create(&tid[t], NULL, run, &jobs[t]);
    }
    double worst = 0, sink = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        if (jobs[t].seconds > worst) worst = jobs[t].seconds;
        sink += jobs[t].sink;
    }
    pthread_barrier_destroy(&start);
    if (sink == 12345.678) printf(" "); /* keep the results alive */
    *slowest = worst;
    return (double) CHAINS * lanes * 2 * iters * threads / worst * 1e-9;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int cores = (int) sysconf(_SC_NPROCESSORS_ONLN);
    char default_threads[32];
    snprintf(default_threads, sizeof default_threads, cores > 1 ? "1,%d" : "%d", cores);
    char *list = strdup(argc > 2 ? argv[2] : default_threads);

    struct { const char *name; void *(*run)(void *); int lanes; int ok; } isa[] = {
        {"AVX2 vfmadd on ymm (256-bit)", run_avx2, 8, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")},
        {"AVX-512 vfmadd on zmm (512-bit)", run_avx512, 16, __builtin_cpu_supports("avx512f")},
    };
    for (int v = 0; v < 2; v++) {
        if (!isa[v].ok) {
            printf("FMA peak: %s: not supported by this CPU\n", isa[v].name);
            continue;
        }
        /* Calibrate the iteration count to about `seconds` per run on one thread. */
        double t;
        long iters = 1000000;
        measure(isa[v].run, isa[v].lanes, 1, iters, cores, &t);
        while (t < 0.05) { iters *= 4; measure(isa[v].run, isa[v].lanes, 1, iters, cores, &t); }
        iters = (long) (iters * seconds / t);

        printf("FMA peak: %s, %d independent chains per thread, float32, best of %d runs of ~%.1f s\n",
               isa[v].name, CHAINS, REPEATS, seconds);
        char *copy = strdup(list), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int threads = atoi(tok);
            if (threads < 1 || threads > 256) continue;
            double best = 0;
            for (int r = 0; r < REPEATS; r++) {
                double g = measure(isa[v].run, isa[v].lanes, threads, iters, cores, &t);
                if (g > best) best = g;
            }
            printf("  %d thread%s: %7.1f GFLOP/s total, %6.1f GFLOP/s per core (%.0f flop/cycle at %.2f GHz would give this)\n",
                   threads, threads == 1 ? " " : "s", best, best / threads, isa[v].lanes * 4.0,
                   best / threads / (isa[v].lanes * 4.0));
        }
        free(copy);
    }
    free(list);
    return 0;
}
