/* placeholder: replaced by the init stage */
int main(void) { return 0; }
