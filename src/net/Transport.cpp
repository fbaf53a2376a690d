#include "net/Transport.h"

namespace stellar
{

std::string_view
coreText(TransportError e)
{
    // Core's words where it has them (Peer::connectHandler, TCPPeer::writeHandler,
    // TCPPeer::getIncomingMsgLength). Core reports an end of stream as a read
    // error whose text is the socket's ("error reading message header: End of
    // file"); we give it its own short phrase.
    switch (e)
    {
    case TransportError::ConnectFailed:
        return "unable to connect";
    case TransportError::ReadFailed:
        return "error during read";
    case TransportError::WriteFailed:
        return "error during write";
    case TransportError::RemoteClosed:
        return "remote closed the connection";
    case TransportError::BadFrameLength:
        return "error during read";
    }
    return "unknown transport error";
}

}
