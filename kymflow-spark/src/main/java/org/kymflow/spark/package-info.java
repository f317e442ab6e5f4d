/**
 * Optional: runs kymflow analyses on Apache Spark ({@link org.kymflow.spark.KymflowSpark},
 * {@link org.kymflow.spark.SparkEngine}); the driver commits through the runtime exactly as one machine does.
 */
package org.kymflow.spark;
