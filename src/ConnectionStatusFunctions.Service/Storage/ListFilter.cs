using ConnectionStatusFunctions.Core;

namespace ConnectionStatusFunctions.Service.Storage;

public sealed record ListFilter(ConnectionStatus? Status, Channel? Channel)
{
    public static readonly ListFilter None = new(null, null);
}
