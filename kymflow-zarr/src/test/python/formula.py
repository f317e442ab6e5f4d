"""The pixel formula shared by the interoperability scripts and TestPythonInterop.formulaArray."""
import numpy as np


def expected_values(dtype, shape, seed):
    """Pixel i of image `seed`: (7 i + 13 seed) mod 251, shifted and scaled per dtype."""
    n = int(np.prod(shape))
    values = (np.arange(n, dtype=np.int64) * 7 + seed * 13) % 251
    if dtype.startswith("float"):
        values = values.astype(np.float64) / 8.0 - 3.0
    elif dtype == "int16":
        values = values - 125
    elif dtype == "int32":
        values = values * 100000 - 12345678
    return values.astype(dtype).reshape(shape)
