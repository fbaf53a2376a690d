#include "crypto/Sodium.h"

#include <sodium.h>

namespace stellar::crypto
{

void
initSodium()
{
    // sodium_init returns 0 the first time, 1 when already initialised, -1 on
    // failure; the function-local static runs it once, under the language's
    // thread-safe static initialisation.
    static int const result = sodium_init();
    if (result < 0)
    {
        throw CryptoError("libsodium failed to initialise (sodium_init)");
    }
}

}
