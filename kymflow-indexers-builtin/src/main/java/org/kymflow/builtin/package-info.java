/** Built-in analyses: radon velocity, ROI statistics, and the synthetic kymographs of the demo. They hash their params with {@link org.kymflow.api.ParamsHash}, as plugins can. */
package org.kymflow.builtin;
