#ifndef CIVICPULSE_CLIBPQ_SHIM_H
#define CIVICPULSE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
