/* chart_axis.c - round tick values for the value axis of the SVG charts
 * (1-2-5 steps from 0). Layout is in chart.c. */
#include "chart.h"

#include <math.h>

/* Far beyond any count; keeps the steps below finite. */
#define MAX_VALUE 1e300

void chart_nice_ticks(double max, int target_count, double *step, int *count)
{
    static const double mult[] = {1, 2, 5, 10, 20, 50};
    if (target_count < 1)
        target_count = 1;
    *step = 1;
    *count = 1;
    if (!(max > 0) || !isfinite(max))
        return;
    if (max > MAX_VALUE)
        max = MAX_VALUE;
    double e = floor(log10(max / target_count));
    /* 0.2 as 2 / 10 rather than 2 * 0.1: the nearest double, so ticks
     * print as round numbers. */
    double mag = e < 0 ? 1 / pow(10, -e) : pow(10, e);
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        double s = e < 0 ? mult[i] / pow(10, -e) : mult[i] * mag;
        double n = ceil(max / s);
        if (n <= target_count) {
            *step = s;
            *count = n < 1 ? 1 : (int)n;
            return;
        }
    }
    *step = 100 * mag;   /* unreachable: 10 * mag already covers max */
    *count = (int)ceil(max / *step);
}
