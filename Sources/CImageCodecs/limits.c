// The per-thread decode time limit (see rsr_set_decode_time_limit).
#include "common.h"
#include <time.h>

static _Thread_local double deadline; // CLOCK_MONOTONIC seconds; 0 = none

static double now_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + now.tv_nsec / 1e9;
}

void rsr_set_decode_time_limit(double seconds) { deadline = seconds > 0 ? now_seconds() + seconds : 0; }

int rsr_decode_time_exceeded(void) { return deadline > 0 && now_seconds() > deadline; }
