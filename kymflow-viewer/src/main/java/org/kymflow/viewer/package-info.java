/**
 * The read-only local web viewer behind {@code kymflow view}: {@link org.kymflow.viewer.KymViewer} serves a
 * dataset page, an image page and their JSON API from this module's resources and WebJars, offline.
 */
package org.kymflow.viewer;
