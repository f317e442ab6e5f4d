package org.kymflow.viewer;

import java.util.Map;

/** Numbers from a request's query string, each refused with a one-line message naming the parameter. */
final class QueryParams {
    private QueryParams() {
    }

    /**
     * @param query the query's parameters
     * @param key a parameter
     * @param fallback its value when absent
     * @return its value as a whole number
     * @throws IllegalArgumentException naming the parameter when it is not one (the answer is a 400)
     */
    static long longParam(Map<String, String> query, String key, long fallback) {
        String v = query.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'", e);
        }
    }

    /**
     * @param query the query's parameters
     * @param key a parameter, present
     * @return its value as a finite number
     * @throws IllegalArgumentException naming the parameter when it is not one (the answer is a 400)
     */
    static double doubleParam(Map<String, String> query, String key) {
        String v = query.get(key);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(key + " must be a finite number, was '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'", e);
        }
    }
}
