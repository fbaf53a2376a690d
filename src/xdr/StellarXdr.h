#pragma once
// Every Stellar XDR type (namespace stellar, named as stellar-core names
// them) and its binary codec (namespace stellar::xdr, see Codec.h). JSON is
// separate (Json.h) so that this header does not pull in nlohmann.

#include "xdr/Codec.h"
#include "xdr/StellarTypes.h"
