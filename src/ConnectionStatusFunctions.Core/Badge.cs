namespace ConnectionStatusFunctions.Core;

public enum Badge
{
    Green,
    Yellow,
    Red,
}
