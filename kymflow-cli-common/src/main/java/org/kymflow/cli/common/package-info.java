/**
 * What the {@code kymflow} command line and the {@code kymflow-spark} runner share: the options of a run of
 * analyses and how they become a plan. One place, so that both parse {@code --param}, {@code --mode},
 * {@code --keep-going} and {@code --json} alike and save params to the dataset's configuration alike.
 */
package org.kymflow.cli.common;
