/*
 * Machine-limit reference for the chunker: the same FastCDC cut loop as
 * dev.holdfast.chunk.FastCdc (cut-point skipping, level-2 normalized masks spread over the top 32
 * bits), compiled with gcc -O3, over a 64 MiB SplitMix64 buffer. The gear table is filled from
 * SplitMix64 rather than HMAC-SHA256: the values do not change the speed, only which cuts are made.
 * Prints the median of 5 passes in MB/s (10^6 bytes/s). Usage: gear [min avg max]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t sm_state;
static uint64_t splitmix(void) {
    uint64_t z = (sm_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t spread(int n) {
    uint64_t m = 0;
    for (int i = 0; i < n; i++) m |= 1ULL << (63 - (32 * i) / n);
    return m;
}

static uint64_t gear[256];

static size_t cut(const uint8_t *d, size_t len, size_t min, size_t avg, size_t max, uint64_t ms, uint64_t ml) {
    if (len <= min) return len;
    size_t n = len < max ? len : max, normal = avg < n ? avg : n, i = min;
    uint64_t h = 0;
    for (; i < normal; i++) {
        h = (h << 1) + gear[d[i]];
        if (!(h & ms)) return i + 1;
    }
    for (; i < n; i++) {
        h = (h << 1) + gear[d[i]];
        if (!(h & ml)) return i + 1;
    }
    return n;
}

int main(int argc, char **argv) {
    size_t min = 256 << 10, avg = 1 << 20, max = 8 << 20, size = (size_t) 64 << 20;
    if (argc == 4) { min = strtoul(argv[1], 0, 10); avg = strtoul(argv[2], 0, 10); max = strtoul(argv[3], 0, 10); }
    int b = __builtin_ctzll(avg);
    uint64_t ms = spread(b + 2), ml = spread(b - 2);
    sm_state = 7;
    for (int i = 0; i < 256; i++) gear[i] = splitmix();
    uint8_t *d = malloc(size);
    sm_state = 42;
    for (size_t i = 0; i < size; i += 8) { uint64_t v = splitmix(); for (int j = 0; j < 8; j++) d[i + j] = (uint8_t) (v >> (8 * j)); }
    double rate[5];
    size_t chunks = 0;
    for (int pass = 0; pass < 5; pass++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        chunks = 0;
        for (size_t off = 0; off < size; chunks++) off += cut(d + off, size - off, min, avg, max, ms, ml);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        rate[pass] = size / s / 1e6;
    }
    for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++)
            if (rate[b] < rate[a]) { double t = rate[a]; rate[a] = rate[b]; rate[b] = t; }
    fprintf(stderr, "%zu chunks per pass\n", chunks);
    printf("%.0f\n", rate[2]);
    return 0;
}
