using ConnectionStatusFunctions.Functions;

// The isolated worker: the shared service, with its access check and problem mapping as middleware.
FunctionsApp.CreateBuilder(args).Build().Run();
