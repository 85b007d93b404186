using ConnectionStatusFunctions.Service;
using ConnectionStatusFunctions.Service.Api;
using ConnectionStatusFunctions.Service.Demo;
using ConnectionStatusFunctions.Service.Telemetry;
using ConnectionStatusFunctions.Standalone.Api;
using ConnectionStatusFunctions.Standalone.Triggers;

var builder = WebApplication.CreateBuilder(args);

// The shared service, and this host's own timer scheduler and queue listener.
builder.Services.AddConnectionStatusService(builder.Configuration, builder.Environment);
builder.Services.AddExceptionHandler<ProblemMapping>();
builder.Services.AddStandaloneTriggers();
builder.Services.AddRequestTracing();

// The demo tenant of ./run.sh (Demo:Tenant), seeded before the host listens.
builder.Services.AddDemoSeeding();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.UseRequestBudget();

app.MapStatusApi();
app.MapStatusPage();

app.Run();

public partial class Program;
