/**
 * KymFlow inside Fiji (ImageJ 1.x): commands under Plugins &gt; KymFlow that open a dataset's images with
 * their calibration and ROIs, save ROIs drawn with ImageJ's tools back to the dataset, run analyses and show
 * their results, browse a dataset and set its params. Every command goes through the library
 * ({@code kymflow-runtime}), as the command line does, and is macro-recordable.
 */
package org.kymflow.imagej;
