// Debian's libopenblas-dev puts cblas.h under the multiarch include directory.
#include <cblas.h>
