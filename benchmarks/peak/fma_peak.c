/*
 * Peak single-precision FMA throughput of this CPU, per core and for all threads together.
 *
 * Each thread runs CHAINS independent chains acc = acc * b + c of 8-wide AVX2 FMAs (vfmadd on
 * ymm registers, no memory traffic). On Zen 3 an FMA has 4 cycles of latency and two FMA pipes,
 * so at least 8 chains are needed to keep both pipes busy; 12 leave a margin and still fit in
 * the 16 ymm registers with b and c. 1 FMA = 2 flops, 8 lanes: 192 flops per loop iteration.
 *
 * Build: gcc -O2 -mavx2 -mfma -pthread fma_peak.c -o fma_peak  (benchmarks/peak/run-peak does it)
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
#define FLOPS_PER_ITER (CHAINS * 8 * 2)
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

static void *run(void *arg) {
    job_t *job = arg;
    if (job->cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(job->cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set); /* best effort */
    }
    const __m256 b = _mm256_set1_ps(seed_b), c = _mm256_set1_ps(seed_c);
    __m256 a0 = _mm256_set1_ps(0.1f), a1 = _mm256_set1_ps(0.2f), a2 = _mm256_set1_ps(0.3f),
           a3 = _mm256_set1_ps(0.4f), a4 = _mm256_set1_ps(0.5f), a5 = _mm256_set1_ps(0.6f),
           a6 = _mm256_set1_ps(0.7f), a7 = _mm256_set1_ps(0.8f), a8 = _mm256_set1_ps(0.9f),
           a9 = _mm256_set1_ps(1.0f), a10 = _mm256_set1_ps(1.1f), a11 = _mm256_set1_ps(1.2f);
    if (job->start) pthread_barrier_wait(job->start);
    double t0 = now();
    for (long i = 0; i < job->iters; i++) {
        a0 = _mm256_fmadd_ps(a0, b, c);   a1 = _mm256_fmadd_ps(a1, b, c);
        a2 = _mm256_fmadd_ps(a2, b, c);   a3 = _mm256_fmadd_ps(a3, b, c);
        a4 = _mm256_fmadd_ps(a4, b, c);   a5 = _mm256_fmadd_ps(a5, b, c);
        a6 = _mm256_fmadd_ps(a6, b, c);   a7 = _mm256_fmadd_ps(a7, b, c);
        a8 = _mm256_fmadd_ps(a8, b, c);   a9 = _mm256_fmadd_ps(a9, b, c);
        a10 = _mm256_fmadd_ps(a10, b, c); a11 = _mm256_fmadd_ps(a11, b, c);
    }
    job->seconds = now() - t0;
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    job->sink = out[0] + out[7];
    return NULL;
}

/* GFLOP/s of `threads` threads each running `iters` iterations; total flops / slowest thread. */
static double measure(int threads, long iters, int cores, double *slowest) {
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
    return (double) FLOPS_PER_ITER * iters * threads / worst * 1e-9;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int cores = (int) sysconf(_SC_NPROCESSORS_ONLN);
    char default_threads[32];
    snprintf(default_threads, sizeof default_threads, cores > 1 ? "1,%d" : "%d", cores);
    char *list = strdup(argc > 2 ? argv[2] : default_threads);

    /* Calibrate the iteration count to about `seconds` per run on one thread. */
    double t;
    long iters = 1000000;
    measure(1, iters, cores, &t);
    while (t < 0.05) { iters *= 4; measure(1, iters, cores, &t); }
    iters = (long) (iters * seconds / t);

    printf("FMA peak: AVX2 vfmadd on ymm, %d independent chains per thread, float32, best of %d runs of ~%.1f s\n",
           CHAINS, REPEATS, seconds);
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        int threads = atoi(tok);
        if (threads < 1 || threads > 256) continue;
        double best = 0;
        for (int r = 0; r < REPEATS; r++) {
            double g = measure(threads, iters, cores, &t);
            if (g > best) best = g;
        }
        printf("  %d thread%s: %7.1f GFLOP/s total, %6.1f GFLOP/s per core (implies %.2f GHz at 32 flop/cycle)\n",
               threads, threads == 1 ? " " : "s", best, best / threads, best / threads / 32);
    }
    free(list);
    return 0;
}
