#include <cstdio>
int main() { std::puts("stead"); return 0; }
