package org.kymflow.builtin.events;

/**
 * One detected event, with the fields of the Python {@code VelocityEvent}; a field the detector leaves
 * empty is null (boxed) or NaN-free null.
 *
 * @param eventType "baseline_drop", "baseline_rise", "nan_gap" or "zero_gap"
 * @param iStart onset index in the trace
 * @param tStart onset time, s
 * @param iPeak peak index, or null
 * @param tPeak peak time, or null
 * @param iEnd end index, or null
 * @param tEnd end time, or null
 * @param scorePeak the baseline-shift score at the peak, or null
 * @param baselineBefore median |v| left of the peak, or null
 * @param baselineAfter median |v| right of the peak, or null
 * @param strength the detector's sorting scalar, or null
 * @param nanFractionInEvent NaN fraction in the span (nan_gap), or null
 * @param nValidInEvent finite samples in the span, or null
 * @param durationSec t_end - t_start, or null
 * @param machineType "stall_candidate", "nan_gap" or "other"
 */
public record VelocityEvent(String eventType, int iStart, double tStart, Integer iPeak, Double tPeak, Integer iEnd, Double tEnd,
                            Double scorePeak, Double baselineBefore, Double baselineAfter, Double strength,
                            Double nanFractionInEvent, Integer nValidInEvent, Double durationSec, String machineType) {
}
