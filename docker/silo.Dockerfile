# syntax=docker/dockerfile:1
# Silo image: the Orleans silo host. Two builds of this file (docs/deploy.md, "Build and push the images"):
#   docker build -f docker/silo.Dockerfile -t saliency-silo:0.1.0 .                                  GPU silos (CUDA)
#   docker build -f docker/silo.Dockerfile --build-arg TORCH_BACKEND=cpu -t saliency-silo-cpu:0.1.0 .  CPU silo, dev
# The TorchBackend build switch (Directory.Build.props) picks libtorch-cuda-12.8-linux-x64 instead of the CPU libtorch.
# CUDA is in the image once: the libtorch CUDA package carries the CUDA runtime, cuBLAS, cuDNN and NVRTC it was built
# with (cuFFT, cuSPARSE, cuRAND and cuSOLVER are linked into libtorch_cuda); the driver (libcuda) comes from the node
# through the NVIDIA container runtime. So the runtime stage is the plain ASP.NET Core image, not nvidia/cuda (whose
# CUDA libraries would be a second, unused copy).
ARG TORCH_BACKEND=cuda

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY . .
# NuGet packages (the CUDA libtorch is several GB) live in a BuildKit cache mount: a source edit re-runs the restore,
# which then finds every package in the cache instead of downloading it again.
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked \
    dotnet restore silo/Saliency.Silo/Saliency.Silo.csproj -r linux-x64 -p:TorchBackend=${TORCH_BACKEND}
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked \
    dotnet publish silo/Saliency.Silo/Saliency.Silo.csproj -c Release -r linux-x64 --self-contained false \
      --no-restore -p:TorchBackend=${TORCH_BACKEND} -o /app

# ASP.NET Core runtime (health and /metrics endpoints); runs as its non-root user app (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime-base
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/cache/saliency && chown app:app /var/cache/saliency
ENV DOTNET_gcServer=1
WORKDIR /app
COPY --from=build /app .
USER app
# Orleans silo-to-silo, Orleans client gateway, HTTP (/healthz, /readyz, /metrics).
EXPOSE 11111 30000 8080
ENTRYPOINT ["dotnet", "Saliency.Silo.dll"]

# GPU build: the NVIDIA container runtime mounts the driver for these capabilities (the device plugin narrows
# NVIDIA_VISIBLE_DEVICES to the pod's GPU).
FROM runtime-base AS runtime-cuda
ENV NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Saliency__Executor__Device=cuda

# CPU build: no NVIDIA variables (on a GPU node they would expose every GPU to a pod that asked for none).
FROM runtime-base AS runtime-cpu
ENV Saliency__Executor__Device=cpu

FROM runtime-${TORCH_BACKEND}
