/** JMH benchmarks for KymFlow. */
package org.kymflow.bench;
